-- The request that wrote each audit row: one id per HTTP request, server action or job run
-- (lib/platform/audit/request-context.ts), so an auditor can see which rows one click produced.
-- IF NOT EXISTS: the governance migration (20261130110000) adds the same column and index on
-- its branch; whichever lands first creates them and this one then changes nothing.
ALTER TABLE "audit_events" ADD COLUMN IF NOT EXISTS "request_id" TEXT;

CREATE INDEX IF NOT EXISTS "audit_events_request_id_idx" ON "audit_events"("request_id");
