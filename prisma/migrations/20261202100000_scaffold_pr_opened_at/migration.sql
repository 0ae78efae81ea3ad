-- When the portal recorded the request's pull request as opened, for the request page's
-- timeline ("Pull request #1 opened" had no time). Set once, with pr_number.
ALTER TABLE "scaffold_requests" ADD COLUMN "pr_opened_at" TIMESTAMPTZ(3);

-- Requests whose PR opened before this column: the time of their scaffold.pr_open audit event,
-- else (no event) nothing rather than a guess.
UPDATE "scaffold_requests" AS s
   SET "pr_opened_at" = e.first_at
  FROM (SELECT subject_id, min(at) AS first_at FROM "audit_events"
         WHERE subject_type = 'scaffold_request' AND action = 'scaffold.pr_open'
         GROUP BY subject_id) AS e
 WHERE s.pr_number IS NOT NULL AND e.subject_id = s.id::text;
