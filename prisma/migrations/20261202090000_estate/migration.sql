-- Estate (issue 12): consumptions become intervals (ended, never deleted), every module
-- reference of a file is its own row, and update notices, inbox read state, the notice
-- policy, scan watermarks, version status history and compliance snapshots get tables.

CREATE TYPE "NoticeKind" AS ENUM ('update_available', 'deprecated', 'vulnerable');

-- One row per unit path is no longer the key: a file may hold several module blocks, and an
-- ended row stays beside the open one that replaced it.
DROP INDEX "consumptions_workload_id_unit_path_key";

ALTER TABLE "consumptions"
  ADD COLUMN "address" TEXT NOT NULL DEFAULT 'terraform.source',
  ADD COLUMN "ended_at" TIMESTAMPTZ(3),
  ADD COLUMN "ended_by" TEXT,
  ADD COLUMN "ended_commit_sha" TEXT,
  ADD COLUMN "ended_reason" TEXT,
  ADD COLUMN "file" TEXT,
  ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'terragrunt',
  ADD COLUMN "match_kind" TEXT,
  ADD COLUMN "match_problem" TEXT,
  ADD COLUMN "module_id" UUID,
  ADD COLUMN "normalized_source" JSONB,
  ADD COLUMN "version_constraint" TEXT;

-- Rows recorded so far named the unit's file in unit_path ("dev/eu-west-1/vpc/terragrunt.hcl"):
-- the file moves to `file`, the unit path becomes its folder.
UPDATE "consumptions"
   SET "file" = "unit_path",
       "unit_path" = CASE WHEN position('/' IN "unit_path") > 0 THEN regexp_replace("unit_path", '/[^/]*$', '') ELSE '' END;
UPDATE "consumptions" c
   SET "module_id" = v."module_id", "match_kind" = 'version'
  FROM "module_versions" v
 WHERE v."id" = c."module_version_id";
UPDATE "consumptions" SET "match_kind" = 'bring_your_own' WHERE "match_kind" IS NULL;
ALTER TABLE "consumptions" ALTER COLUMN "file" SET NOT NULL;

-- At most one open consumption per reference.
CREATE UNIQUE INDEX "consumptions_open_reference_key" ON "consumptions" ("workload_id", "file", "address") WHERE "ended_at" IS NULL;
CREATE INDEX "consumptions_workload_id_ended_at_idx" ON "consumptions"("workload_id", "ended_at");
CREATE INDEX "consumptions_module_id_idx" ON "consumptions"("module_id");

CREATE TABLE "estate_notices" (
    "id" UUID NOT NULL,
    "consumption_id" UUID NOT NULL,
    "workload_id" UUID NOT NULL,
    "module_id" UUID NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "from_version" TEXT NOT NULL,
    "required_version" TEXT,
    "target_version" TEXT,
    "level" TEXT,
    "triggered_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "severity" "AdvisorySeverity",
    "advisory" JSONB,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolution" TEXT,
    "issue_number" INTEGER,
    "issue_url" TEXT,
    "issue_state" TEXT,
    CONSTRAINT "estate_notices_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "estate_notices_resolution_check" CHECK (("resolved_at" IS NULL) = ("resolution" IS NULL))
);
-- One open notice per consumption.
CREATE UNIQUE INDEX "estate_notices_open_consumption_key" ON "estate_notices" ("consumption_id") WHERE "resolved_at" IS NULL;
CREATE INDEX "estate_notices_workload_id_resolved_at_due_at_idx" ON "estate_notices"("workload_id", "resolved_at", "due_at");
CREATE INDEX "estate_notices_module_id_idx" ON "estate_notices"("module_id");
CREATE INDEX "estate_notices_resolved_at_due_at_idx" ON "estate_notices"("resolved_at", "due_at");
ALTER TABLE "estate_notices" ADD CONSTRAINT "estate_notices_consumption_id_fkey" FOREIGN KEY ("consumption_id") REFERENCES "consumptions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "estate_notice_reads" (
    "user_id" UUID NOT NULL,
    "notice_id" UUID NOT NULL,
    "read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "estate_notice_reads_pkey" PRIMARY KEY ("user_id","notice_id")
);
CREATE INDEX "estate_notice_reads_notice_id_idx" ON "estate_notice_reads"("notice_id");
ALTER TABLE "estate_notice_reads" ADD CONSTRAINT "estate_notice_reads_notice_id_fkey" FOREIGN KEY ("notice_id") REFERENCES "estate_notices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "estate_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "policy" JSONB NOT NULL DEFAULT '{}',
    "chat_webhook_url" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "estate_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "estate_settings_singleton" CHECK ("id" = 1),
    CONSTRAINT "estate_settings_chat_https" CHECK ("chat_webhook_url" IS NULL OR "chat_webhook_url" LIKE 'https://%')
);
INSERT INTO "estate_settings" ("id") VALUES (1);

CREATE TABLE "estate_scan_states" (
    "workload_id" UUID NOT NULL,
    "commit_sha" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "estate_scan_states_pkey" PRIMARY KEY ("workload_id")
);

CREATE TABLE "module_version_status_changes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "module_version_id" UUID NOT NULL,
    "status" "VersionStatus" NOT NULL,
    "deadline" TIMESTAMPTZ(3),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "module_version_status_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "module_version_status_changes_module_version_id_at_idx" ON "module_version_status_changes"("module_version_id", "at");

-- Versions flagged before this table existed: the flag time is unknown, count it from ingestion.
INSERT INTO "module_version_status_changes" ("module_version_id", "status", "deadline", "at")
SELECT "id", "status", "upgrade_deadline", "ingested_at" FROM "module_versions" WHERE "status" <> 'active';

-- Every status change of a version is recorded, whichever code path makes it.
CREATE FUNCTION bulkhead_record_version_status_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."status" <> 'active' THEN
      INSERT INTO "module_version_status_changes" ("module_version_id", "status", "deadline") VALUES (NEW."id", NEW."status", NEW."upgrade_deadline");
    END IF;
  ELSIF NEW."status" IS DISTINCT FROM OLD."status" OR NEW."upgrade_deadline" IS DISTINCT FROM OLD."upgrade_deadline" THEN
    INSERT INTO "module_version_status_changes" ("module_version_id", "status", "deadline") VALUES (NEW."id", NEW."status", NEW."upgrade_deadline");
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "module_versions_status_history"
  AFTER INSERT OR UPDATE OF "status", "upgrade_deadline" ON "module_versions"
  FOR EACH ROW EXECUTE FUNCTION bulkhead_record_version_status_change();

CREATE TABLE "estate_compliance_snapshots" (
    "scope" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "sampled_at" TIMESTAMPTZ(3) NOT NULL,
    "units" INTEGER NOT NULL,
    "supported" INTEGER NOT NULL,
    "overdue" INTEGER NOT NULL,
    "bring_your_own" INTEGER NOT NULL,
    CONSTRAINT "estate_compliance_snapshots_pkey" PRIMARY KEY ("scope","week")
);
