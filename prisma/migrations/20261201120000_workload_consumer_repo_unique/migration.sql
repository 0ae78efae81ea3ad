-- One consumer repo belongs to one workload. A second workload on a repo saw (and could
-- scaffold into) another team's units. GitHub owner and repo names are case-insensitive, so
-- the key is on lower(consumer_repo). Workloads with no repo linked (NULL) are not affected.

-- Refuse to guess which workload keeps a repo that several share: name them and stop.
DO $$
DECLARE
  shared text;
BEGIN
  SELECT string_agg(format('%s (%s)', repo, slugs), '; ')
    INTO shared
    FROM (
      SELECT lower("consumer_repo") AS repo, string_agg("slug", ', ' ORDER BY "slug") AS slugs
        FROM "workloads"
       WHERE "consumer_repo" IS NOT NULL
       GROUP BY lower("consumer_repo")
      HAVING count(*) > 1
    ) AS duplicates;
  IF shared IS NOT NULL THEN
    RAISE EXCEPTION 'Consumer repos linked to more than one workload: %. Unlink all but one workload per repo (UPDATE workloads SET consumer_repo = NULL WHERE slug = ...) and run the migration again.', shared;
  END IF;
END $$;

CREATE UNIQUE INDEX "workloads_consumer_repo_key" ON "workloads" (lower("consumer_repo"));
