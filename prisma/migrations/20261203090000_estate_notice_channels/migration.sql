-- Notice channels (issue 12): a GitHub issue per notice on the consumer repo of a workload that
-- opted in, and the admin's chat webhook for overdue notices.

CREATE TABLE "estate_workload_channels" (
    "workload_id" UUID NOT NULL,
    "github_issues" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,
    CONSTRAINT "estate_workload_channels_pkey" PRIMARY KEY ("workload_id")
);
ALTER TABLE "estate_workload_channels" ADD CONSTRAINT "estate_workload_channels_workload_id_fkey" FOREIGN KEY ("workload_id") REFERENCES "workloads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "estate_notices" ADD COLUMN "issue_synced_at" TIMESTAMPTZ(3);
ALTER TABLE "estate_notices" ADD COLUMN "chat_posted_at" TIMESTAMPTZ(3);

-- Resolved notices whose issue is still open: the delivery sweep closes them.
CREATE INDEX "estate_notices_open_issue_idx" ON "estate_notices" ("workload_id") WHERE "issue_state" = 'open';

-- https stays the rule; http is allowed only for hosts the deployment lists in
-- BULKHEAD_CHAT_WEBHOOK_ALLOW_HOSTS (the emulator, tests), which the application checks.
ALTER TABLE "estate_settings" DROP CONSTRAINT "estate_settings_chat_https";
ALTER TABLE "estate_settings" ADD CONSTRAINT "estate_settings_chat_url_scheme" CHECK ("chat_webhook_url" IS NULL OR "chat_webhook_url" ~ '^https?://[^/@]+(/|$)');
