-- Server-side sessions: the session cookie carries only the id; sign-out and an admin's revoke
-- end a session at once, and its lifetime is capped (see ARCHITECTURE.md, Identity and roles).

-- CreateTable
CREATE TABLE "user_sessions" (
    "id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "revoke_reason" TEXT,
    "groups_checked_at" TIMESTAMPTZ(3) NOT NULL,
    "groups_check_started_at" TIMESTAMPTZ(3),
    "groups_check_error" TEXT,
    "idp_token" TEXT,

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id"),
    -- A revoked session always says who ended it and why.
    CONSTRAINT "user_sessions_revoked_check" CHECK (("revoked_at" IS NULL) = ("revoked_by" IS NULL) AND ("revoked_at" IS NULL) = ("revoke_reason" IS NULL)),
    CONSTRAINT "user_sessions_expiry_check" CHECK ("expires_at" > "created_at")
);

-- CreateIndex
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");

-- CreateIndex
CREATE INDEX "user_sessions_expires_at_idx" ON "user_sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
