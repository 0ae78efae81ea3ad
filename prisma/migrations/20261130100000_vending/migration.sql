-- CreateEnum
CREATE TYPE "AccountSetState" AS ENUM ('requested', 'approved', 'rejected', 'provisioning', 'vended', 'partially_failed', 'failed');

-- CreateEnum
CREATE TYPE "AccountRequestStatus" AS ENUM ('queued', 'submitted', 'in_progress', 'succeeded', 'tagged', 'verified', 'done', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "AccountSource" AS ENUM ('vended', 'imported');

-- CreateTable
CREATE TABLE "tag_policy_versions" (
    "version" INTEGER NOT NULL,
    "keys" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_by_id" UUID,
    "created_by_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tag_policy_versions_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "vending_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "account_name_pattern" TEXT NOT NULL DEFAULT '{workload}-{env}',
    "email_pattern" TEXT NOT NULL DEFAULT 'aws+{workload}-{env}@corp.example',
    "default_ous" JSONB NOT NULL DEFAULT '{}',
    "tier_environments" JSONB NOT NULL DEFAULT '{"1":["dev","stage","prod"],"2":["dev","prod"],"3":["dev"]}',
    "product_name" TEXT NOT NULL DEFAULT 'AWS Control Tower Account Factory',
    "product_id" TEXT,
    "artifact_name" TEXT,
    "artifact_id" TEXT,
    "path_name" TEXT,
    "path_id" TEXT,
    "provider_repo_owner" TEXT,
    "provider_repo_name" TEXT,
    "template_repo_owner" TEXT,
    "template_repo_name" TEXT,
    "consumer_repo_owner" TEXT,
    "max_in_flight" INTEGER NOT NULL DEFAULT 5,
    "updated_by_id" UUID,
    "updated_by_name" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vending_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_set_requests" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "workload_id" UUID,
    "new_workload_slug" TEXT,
    "new_workload_name" TEXT,
    "new_workload_team_id" UUID,
    "tier" INTEGER NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "requested_by_id" UUID NOT NULL,
    "requested_by_name" TEXT NOT NULL,
    "state" "AccountSetState" NOT NULL DEFAULT 'requested',
    "decided_by_id" UUID,
    "decided_by_name" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_reason" TEXT,
    "tag_policy_version" INTEGER NOT NULL,
    "steps" JSONB NOT NULL DEFAULT '{}',
    "consumer_repo" TEXT,
    "provider_pr_url" TEXT,
    "consumer_pr_url" TEXT,
    "failure_message" TEXT,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_set_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_requests" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "set_id" UUID NOT NULL,
    "env" TEXT NOT NULL,
    "account_name" TEXT NOT NULL,
    "account_email" TEXT NOT NULL,
    "ou_id" TEXT NOT NULL,
    "ou_name" TEXT NOT NULL,
    "sso_first_name" TEXT NOT NULL,
    "sso_last_name" TEXT NOT NULL,
    "sso_email" TEXT NOT NULL,
    "tags" JSONB NOT NULL,
    "status" "AccountRequestStatus" NOT NULL DEFAULT 'queued',
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "provision_token" TEXT NOT NULL,
    "provisioned_product_id" TEXT,
    "record_id" TEXT,
    "record_status" TEXT,
    "record_errors" JSONB,
    "account_id" TEXT,
    "last_error" TEXT,
    "failed_step" TEXT,
    "poll_count" INTEGER NOT NULL DEFAULT 0,
    "next_poll_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "steps" JSONB NOT NULL DEFAULT '{}',
    "submitted_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "aws_account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "ou_id" TEXT,
    "ou_name" TEXT,
    "workload_id" UUID,
    "env" TEXT,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "observed_tags" JSONB,
    "source" "AccountSource" NOT NULL,
    "account_request_id" UUID,
    "state" TEXT NOT NULL DEFAULT 'ACTIVE',
    "joined_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_set_requests_idempotency_key_key" ON "account_set_requests"("idempotency_key");

-- CreateIndex
CREATE INDEX "account_set_requests_state_created_at_idx" ON "account_set_requests"("state", "created_at");

-- CreateIndex
CREATE INDEX "account_set_requests_workload_id_idx" ON "account_set_requests"("workload_id");

-- CreateIndex
CREATE INDEX "account_set_requests_requested_by_id_created_at_idx" ON "account_set_requests"("requested_by_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "account_requests_seq_key" ON "account_requests"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "account_requests_provision_token_key" ON "account_requests"("provision_token");

-- CreateIndex
CREATE INDEX "account_requests_status_seq_idx" ON "account_requests"("status", "seq");

-- CreateIndex
CREATE INDEX "account_requests_status_next_poll_at_idx" ON "account_requests"("status", "next_poll_at");

-- CreateIndex
CREATE UNIQUE INDEX "account_requests_set_id_env_key" ON "account_requests"("set_id", "env");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_aws_account_id_key" ON "accounts"("aws_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_account_request_id_key" ON "accounts"("account_request_id");

-- CreateIndex
CREATE INDEX "accounts_workload_id_idx" ON "accounts"("workload_id");

-- CreateIndex
CREATE INDEX "accounts_ou_id_idx" ON "accounts"("ou_id");

-- AddForeignKey
ALTER TABLE "account_set_requests" ADD CONSTRAINT "account_set_requests_workload_id_fkey" FOREIGN KEY ("workload_id") REFERENCES "workloads"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_set_requests" ADD CONSTRAINT "account_set_requests_new_workload_team_id_fkey" FOREIGN KEY ("new_workload_team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_requests" ADD CONSTRAINT "account_requests_set_id_fkey" FOREIGN KEY ("set_id") REFERENCES "account_set_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_workload_id_fkey" FOREIGN KEY ("workload_id") REFERENCES "workloads"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_account_request_id_fkey" FOREIGN KEY ("account_request_id") REFERENCES "account_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below: rules Prisma's schema language cannot express.

-- The settings table holds exactly one row, created here so that reads never need a fallback.
ALTER TABLE "vending_settings" ADD CONSTRAINT "vending_settings_single_row" CHECK ("id" = 1);
-- Control Tower runs at most 5 concurrent account operations by default, 10 when raised.
ALTER TABLE "vending_settings" ADD CONSTRAINT "vending_settings_max_in_flight_range" CHECK ("max_in_flight" BETWEEN 1 AND 10);
INSERT INTO "vending_settings" ("id", "updated_at") VALUES (1, CURRENT_TIMESTAMP);

-- Four-eyes at the database: whoever decides a request (approve or reject) is never its requester,
-- and a request past "requested" always names its decider. No code path can bypass this.
ALTER TABLE "account_set_requests" ADD CONSTRAINT "account_set_requests_four_eyes"
  CHECK ("decided_by_id" IS NULL OR "decided_by_id" <> "requested_by_id");
ALTER TABLE "account_set_requests" ADD CONSTRAINT "account_set_requests_decided"
  CHECK ("state" = 'requested' OR "decided_by_id" IS NOT NULL);
-- Either an existing workload, or everything needed to create the new one.
ALTER TABLE "account_set_requests" ADD CONSTRAINT "account_set_requests_workload_given"
  CHECK ("workload_id" IS NOT NULL
         OR ("new_workload_slug" IS NOT NULL AND "new_workload_name" IS NOT NULL AND "new_workload_team_id" IS NOT NULL));
ALTER TABLE "account_set_requests" ADD CONSTRAINT "account_set_requests_tier_positive" CHECK ("tier" >= 1);
-- A new workload's slug is held by its open request until the workload exists (or the request is rejected).
CREATE UNIQUE INDEX "account_set_requests_open_new_workload_slug_key" ON "account_set_requests" (lower("new_workload_slug"))
  WHERE "new_workload_slug" IS NOT NULL AND "workload_id" IS NULL AND "state" <> 'rejected';

ALTER TABLE "account_requests" ADD CONSTRAINT "account_requests_env_known" CHECK ("env" IN ('dev', 'stage', 'prod'));
ALTER TABLE "account_requests" ADD CONSTRAINT "account_requests_account_id_format" CHECK ("account_id" ~ '^[0-9]{12}$');
-- What AWS accepts as a ProvisionToken.
ALTER TABLE "account_requests" ADD CONSTRAINT "account_requests_provision_token_format"
  CHECK ("provision_token" ~ '^[A-Za-z0-9_-]{1,128}$');
ALTER TABLE "account_requests" ADD CONSTRAINT "account_requests_attempt_positive" CHECK ("attempt" >= 1);
-- A request holds its name and email until it is done (the account row takes over) or cancelled.
ALTER TABLE "account_requests" ADD CONSTRAINT "account_requests_closed_when_final"
  CHECK (("status" IN ('done', 'cancelled')) = ("closed_at" IS NOT NULL));
CREATE UNIQUE INDEX "account_requests_open_account_name_key" ON "account_requests" (lower("account_name")) WHERE "closed_at" IS NULL;
CREATE UNIQUE INDEX "account_requests_open_account_email_key" ON "account_requests" (lower("account_email")) WHERE "closed_at" IS NULL;

ALTER TABLE "accounts" ADD CONSTRAINT "accounts_aws_account_id_format" CHECK ("aws_account_id" ~ '^[0-9]{12}$');
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_env_known" CHECK ("env" IS NULL OR "env" IN ('dev', 'stage', 'prod'));
-- AWS keeps root emails unique; so do we, whatever the case.
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts" (lower("email"));
