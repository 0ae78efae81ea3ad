-- CreateEnum
CREATE TYPE "TagChangeState" AS ENUM ('requested', 'approved', 'rejected', 'applying', 'applied', 'partially_failed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "TagChangeItemStatus" AS ENUM ('pending', 'applying', 'applied', 'verified', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "TagChangeOrigin" AS ENUM ('request', 'policy_fix', 'drift_revert', 'drift_adopt');

-- CreateEnum
CREATE TYPE "DriftKind" AS ENUM ('changed', 'removed', 'added');

-- CreateEnum
CREATE TYPE "DriftFindingStatus" AS ENUM ('open', 'reverting', 'reverted', 'adopting', 'adopted', 'dismissed');

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "prev_hash" TEXT,
ADD COLUMN     "request_id" TEXT;

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_id" BIGINT,
    "last_hash" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_change_requests" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "origin" "TagChangeOrigin" NOT NULL DEFAULT 'request',
    "bulk" BOOLEAN NOT NULL DEFAULT false,
    "changes" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "requested_by_name" TEXT NOT NULL,
    "state" "TagChangeState" NOT NULL DEFAULT 'requested',
    "decided_by_id" UUID,
    "decided_by_name" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_reason" TEXT,
    "tag_policy_version" INTEGER NOT NULL,
    "apply_runs" INTEGER NOT NULL DEFAULT 0,
    "failure_message" TEXT,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tag_change_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_change_items" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "aws_account_id" TEXT NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "status" "TagChangeItemStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "retryable" BOOLEAN,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "observed_tags" JSONB,
    "applied_at" TIMESTAMPTZ(3),
    "verified_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tag_change_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_change_locks" (
    "account_id" UUID NOT NULL,
    "tag_key" TEXT NOT NULL,
    "item_id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tag_change_locks_pkey" PRIMARY KEY ("account_id","tag_key")
);

-- CreateTable
CREATE TABLE "drift_findings" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "aws_account_id" TEXT NOT NULL,
    "tag_key" TEXT NOT NULL,
    "kind" "DriftKind" NOT NULL,
    "recorded_value" TEXT,
    "observed_value" TEXT,
    "status" "DriftFindingStatus" NOT NULL DEFAULT 'open',
    "found_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_by_id" UUID,
    "settled_by_name" TEXT,
    "settled_at" TIMESTAMPTZ(3),
    "settle_reason" TEXT,
    "change_request_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "drift_findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tag_change_requests_idempotency_key_key" ON "tag_change_requests"("idempotency_key");

-- CreateIndex
CREATE INDEX "tag_change_requests_state_created_at_idx" ON "tag_change_requests"("state", "created_at");

-- CreateIndex
CREATE INDEX "tag_change_requests_requested_by_id_created_at_idx" ON "tag_change_requests"("requested_by_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "tag_change_items_account_id_idx" ON "tag_change_items"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "tag_change_items_request_id_account_id_key" ON "tag_change_items"("request_id", "account_id");

-- CreateIndex
CREATE INDEX "tag_change_locks_item_id_idx" ON "tag_change_locks"("item_id");

-- CreateIndex
CREATE INDEX "drift_findings_status_found_at_idx" ON "drift_findings"("status", "found_at");

-- CreateIndex
CREATE INDEX "drift_findings_account_id_idx" ON "drift_findings"("account_id");

-- CreateIndex
CREATE INDEX "drift_findings_change_request_id_idx" ON "drift_findings"("change_request_id");

-- CreateIndex
CREATE INDEX "audit_events_request_id_idx" ON "audit_events"("request_id");

-- AddForeignKey
ALTER TABLE "tag_change_items" ADD CONSTRAINT "tag_change_items_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "tag_change_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_change_items" ADD CONSTRAINT "tag_change_items_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_change_locks" ADD CONSTRAINT "tag_change_locks_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "tag_change_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drift_findings" ADD CONSTRAINT "drift_findings_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drift_findings" ADD CONSTRAINT "drift_findings_change_request_id_fkey" FOREIGN KEY ("change_request_id") REFERENCES "tag_change_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written below: rules Prisma's schema language cannot express.

-- ------------------------------------------------------------------ audit hash chain
-- Each audit row stores sha256 over a canonical text of its content and the previous row's
-- hash. The database computes it at insert time, so every writer (app, jobs, psql) is covered and
-- the app cannot choose the values. lib/governance/core/audit-chain.ts computes the same text in
-- TypeScript, byte for byte, to verify the chain:
--   "bulkhead-audit-v1" and then one line per field: id, at (UTC, ISO 8601 with milliseconds),
--   actor_id, actor_label, action, subject_type, subject_id, before, after, metadata (jsonb's
--   text form), request_id, prev_hash; each field as "<UTF-8 byte length>:<text>", or "~" for
--   NULL; lines joined with "\n"; the hash is the lowercase hex of sha256 over the UTF-8 bytes.
-- sha256() is built in since PostgreSQL 11 (CI runs 15, PGlite 0.5.14 is 18): no pgcrypto needed.

CREATE FUNCTION "audit_event_field"(value TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(convert_to(value, 'UTF8'))::text || ':' || value END
$$;

CREATE FUNCTION "audit_event_canonical"(e "audit_events") RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT concat_ws(E'\n',
    'bulkhead-audit-v1',
    audit_event_field(e.id::text),
    audit_event_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    audit_event_field(e.actor_id::text),
    audit_event_field(e.actor_label),
    audit_event_field(e.action),
    audit_event_field(e.subject_type),
    audit_event_field(e.subject_id),
    audit_event_field(e.before::text),
    audit_event_field(e.after::text),
    audit_event_field(e.metadata::text),
    audit_event_field(e.request_id),
    audit_event_field(e.prev_hash))
$$;

CREATE FUNCTION "audit_event_hash"(e "audit_events") RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(audit_event_canonical(e), 'UTF8')), 'hex')
$$;

ALTER TABLE "audit_chain_head" ADD CONSTRAINT "audit_chain_head_single_row" CHECK ("id" = 1);

-- Existing rows join the chain in id order (the append-only guard steps aside for this once).
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_delete";
DO $$
DECLARE
  r "audit_events";
  previous TEXT := NULL;
  last BIGINT := NULL;
BEGIN
  FOR r IN SELECT * FROM "audit_events" ORDER BY "id" LOOP
    r.prev_hash := previous;
    r.hash := audit_event_hash(r);
    UPDATE "audit_events" SET "prev_hash" = r.prev_hash, "hash" = r.hash WHERE "id" = r.id;
    previous := r.hash;
    last := r.id;
  END LOOP;
  INSERT INTO "audit_chain_head" ("id", "last_id", "last_hash", "updated_at") VALUES (1, last, previous, CURRENT_TIMESTAMP);
END
$$;
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_delete";

-- Chained inserts are serialised by the head row's lock (FOR UPDATE, held to commit), like an
-- advisory transaction lock, with one more guarantee: a REPEATABLE READ or SERIALIZABLE writer
-- whose snapshot missed a newer chain fails with a serialization error instead of forking it.
-- The previous hash is the last row's (rows earlier in the same statement are visible to a BEFORE
-- trigger), and the id is taken under the lock, so id order is chain order even when transactions
-- overlap. The head itself moves once per statement (a row-level update would pile up one dead
-- head version per row in a bulk insert). Keep audit inserts last in a transaction: rows locked
-- after it wait behind the chain.
CREATE FUNCTION "audit_events_chain"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  last_id BIGINT;
  last_hash TEXT;
BEGIN
  PERFORM 1 FROM "audit_chain_head" WHERE "id" = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_chain_head has no row, so the audit hash chain cannot continue';
  END IF;
  SELECT e."id", e."hash" INTO last_id, last_hash FROM "audit_events" e ORDER BY e."id" DESC LIMIT 1;
  NEW.id := nextval(pg_get_serial_sequence('audit_events', 'id'));
  IF last_id IS NOT NULL AND NEW.id <= last_id THEN
    RAISE EXCEPTION 'audit_events id sequence is behind the chain (% <= %)', NEW.id, last_id;
  END IF;
  NEW.prev_hash := last_hash;
  NEW.hash := audit_event_hash(NEW);
  RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_events_chain"
BEFORE INSERT ON "audit_events"
FOR EACH ROW EXECUTE FUNCTION "audit_events_chain"();

CREATE FUNCTION "audit_events_chain_head"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "audit_chain_head" h
     SET "last_id" = n."id", "last_hash" = n."hash", "updated_at" = clock_timestamp()
    FROM (SELECT "id", "hash" FROM inserted ORDER BY "id" DESC LIMIT 1) n
   WHERE h."id" = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "audit_events_chain_head"
AFTER INSERT ON "audit_events"
REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_chain_head"();

-- Only the chain's statement trigger moves the head (the head's guard then runs at trigger depth 2).
CREATE FUNCTION "audit_chain_head_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'audit_chain_head is moved only by the audit_events_chain trigger: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "audit_chain_head_guard"
BEFORE UPDATE OR DELETE ON "audit_chain_head"
FOR EACH ROW EXECUTE FUNCTION "audit_chain_head_guard"();

CREATE TRIGGER "audit_chain_head_no_truncate"
BEFORE TRUNCATE ON "audit_chain_head"
FOR EACH STATEMENT EXECUTE FUNCTION "audit_chain_head_guard"();

-- ------------------------------------------------------------------ tag change requests

-- Four-eyes at the database: whoever approves or rejects a request is never its requester.
ALTER TABLE "tag_change_requests" ADD CONSTRAINT "tag_change_requests_four_eyes"
  CHECK ("decided_by_id" IS NULL OR "decided_by_id" <> "requested_by_id");
-- Nothing is applied without a decider, except a drift revert, which restores the approved value.
ALTER TABLE "tag_change_requests" ADD CONSTRAINT "tag_change_requests_decided"
  CHECK ("state" IN ('requested', 'cancelled') OR "decided_by_id" IS NOT NULL OR ("origin" = 'drift_revert' AND "state" <> 'rejected'));
ALTER TABLE "tag_change_requests" ADD CONSTRAINT "tag_change_requests_closed_when_final"
  CHECK (("state" IN ('rejected', 'applied', 'cancelled')) = ("closed_at" IS NOT NULL));
ALTER TABLE "tag_change_requests" ADD CONSTRAINT "tag_change_requests_changes_object"
  CHECK (jsonb_typeof("changes") = 'object' AND "changes" <> '{}'::jsonb);
ALTER TABLE "tag_change_requests" ADD CONSTRAINT "tag_change_requests_reason_given" CHECK (length(btrim("reason")) > 0);

ALTER TABLE "tag_change_items" ADD CONSTRAINT "tag_change_items_closed_when_final"
  CHECK (("status" IN ('verified', 'cancelled')) = ("closed_at" IS NOT NULL));
ALTER TABLE "tag_change_items" ADD CONSTRAINT "tag_change_items_values_objects"
  CHECK (jsonb_typeof("after") = 'object' AND "after" <> '{}'::jsonb AND jsonb_typeof("before") = 'object');
ALTER TABLE "tag_change_items" ADD CONSTRAINT "tag_change_items_aws_account_id_format" CHECK ("aws_account_id" ~ '^[0-9]{12}$');
ALTER TABLE "tag_change_items" ADD CONSTRAINT "tag_change_items_attempts_positive" CHECK ("attempts" >= 0);

-- One open change per account and key. An open item (closed_at NULL) holds one lock row per key
-- it changes; the lock's primary key refuses a second. The locks are written by these triggers
-- only, so no code path can open an item without taking them, and closing the item frees them.
CREATE FUNCTION "tag_change_items_locks"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.closed_at IS NULL THEN
      INSERT INTO "tag_change_locks" ("account_id", "tag_key", "item_id", "request_id")
      SELECT NEW.account_id, key, NEW.id, NEW.request_id FROM jsonb_object_keys(NEW.after) AS key;
    END IF;
  ELSIF OLD.closed_at IS NULL AND NEW.closed_at IS NOT NULL THEN
    DELETE FROM "tag_change_locks" WHERE "item_id" = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "tag_change_items_locks"
AFTER INSERT OR UPDATE ON "tag_change_items"
FOR EACH ROW EXECUTE FUNCTION "tag_change_items_locks"();

-- What an item changes is fixed when it is requested (its locks were taken for those keys), and a
-- closed item stays closed.
CREATE FUNCTION "tag_change_items_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.account_id <> OLD.account_id OR NEW.request_id <> OLD.request_id OR NEW.after IS DISTINCT FROM OLD.after THEN
    RAISE EXCEPTION 'the account and values of a tag change item are fixed when it is requested'
      USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.closed_at IS NOT NULL AND NEW.closed_at IS NULL THEN
    RAISE EXCEPTION 'a closed tag change item cannot be reopened' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "tag_change_items_guard"
BEFORE UPDATE ON "tag_change_items"
FOR EACH ROW EXECUTE FUNCTION "tag_change_items_guard"();

-- Lock rows change only through the item triggers above (or the cascade of a deleted item).
CREATE FUNCTION "tag_change_locks_guard"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'tag_change_locks is written by the tag_change_items triggers only: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "tag_change_locks_guard"
BEFORE INSERT OR UPDATE OR DELETE ON "tag_change_locks"
FOR EACH ROW EXECUTE FUNCTION "tag_change_locks_guard"();

-- ------------------------------------------------------------------ drift findings

ALTER TABLE "drift_findings" ADD CONSTRAINT "drift_findings_kind_values"
  CHECK (("kind" = 'changed' AND "recorded_value" IS NOT NULL AND "observed_value" IS NOT NULL AND "recorded_value" <> "observed_value")
      OR ("kind" = 'removed' AND "recorded_value" IS NOT NULL AND "observed_value" IS NULL)
      OR ("kind" = 'added' AND "recorded_value" IS NULL AND "observed_value" IS NOT NULL));
ALTER TABLE "drift_findings" ADD CONSTRAINT "drift_findings_settled_when_final"
  CHECK (("status" IN ('reverted', 'adopted', 'dismissed')) = ("settled_at" IS NOT NULL));
ALTER TABLE "drift_findings" ADD CONSTRAINT "drift_findings_linked_request"
  CHECK ("status" IN ('open', 'dismissed') OR "change_request_id" IS NOT NULL);
ALTER TABLE "drift_findings" ADD CONSTRAINT "drift_findings_aws_account_id_format" CHECK ("aws_account_id" ~ '^[0-9]{12}$');
-- One unsettled finding per account and key: a rescan updates it instead of adding another.
CREATE UNIQUE INDEX "drift_findings_open_account_key" ON "drift_findings" ("account_id", "tag_key")
  WHERE "status" IN ('open', 'reverting', 'adopting');
