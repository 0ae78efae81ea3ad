-- Catalogue: `vulnerable` as a first-class version status with its advisory; module owners from
-- CODEOWNERS; derived version counts and a short ranking vector for search; a generation counter
-- that search caches key on.

-- A new enum value cannot be used in the transaction that adds it, so the type is rebuilt.
ALTER TYPE "VersionStatus" RENAME TO "VersionStatus_old";
CREATE TYPE "VersionStatus" AS ENUM ('active', 'deprecated', 'vulnerable', 'withdrawn');
ALTER TABLE "module_versions" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "module_versions" ALTER COLUMN "status" TYPE "VersionStatus" USING ("status"::text::"VersionStatus");
ALTER TABLE "module_versions" ALTER COLUMN "status" SET DEFAULT 'active';
DROP TYPE "VersionStatus_old";

CREATE TYPE "AdvisorySeverity" AS ENUM ('low', 'medium', 'high', 'critical');

ALTER TABLE "module_versions"
  ADD COLUMN "severity" "AdvisorySeverity",
  ADD COLUMN "advisory_url" TEXT,
  ADD COLUMN "fixed_in" TEXT;

-- Until now a vulnerable version was stored as deprecated with a "Vulnerable: " reason prefix and
-- a deadline. Move those rows to the new status: the reason (without the prefix) becomes the
-- advisory text; a CVE id or an https link in it becomes the advisory link; the severity was never
-- recorded and stays null. Each change is audited like any other status change.
WITH flagged AS (
  SELECT "id", "status_reason" AS reason, "upgrade_deadline" AS deadline,
         btrim(substr("status_reason", length('Vulnerable: ') + 1)) AS advisory,
         coalesce(
           rtrim(substring("status_reason" from '(https://[^[:space:]<>"'')]+)'), '.,;:!?'),
           'https://www.cve.org/CVERecord?id=' || substring("status_reason" from '(CVE-[0-9]{4}-[0-9]{4,})')
         ) AS link
  FROM "module_versions"
  WHERE "status" = 'deprecated' AND "status_reason" LIKE 'Vulnerable: %'
),
moved AS (
  UPDATE "module_versions" v
  SET "status" = 'vulnerable', "status_reason" = f.advisory, "advisory_url" = f.link
  FROM flagged f
  WHERE v."id" = f."id"
  RETURNING v."id", f.reason, f.deadline, f.advisory, f.link
)
INSERT INTO "audit_events" ("actor_label", "action", "subject_type", "subject_id", "before", "after", "metadata")
SELECT 'system:migration', 'catalogue.version.flag-vulnerable', 'module_version', m."id"::text,
       jsonb_build_object('status', 'deprecated', 'statusReason', m.reason, 'upgradeDeadline', m.deadline),
       jsonb_build_object('status', 'vulnerable', 'statusReason', m.advisory, 'upgradeDeadline', m.deadline,
                          'severity', NULL, 'advisoryUrl', m.link, 'fixedIn', NULL),
       jsonb_build_object('migration', '20261130100000_catalogue_status_owners_search')
FROM moved m;

-- Owners: the source's fallback, and each module's owners as the last sync resolved them.
ALTER TABLE "module_sources" ADD COLUMN "default_owners" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "modules"
  ADD COLUMN "owners" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "owners_origin" TEXT,
  ADD COLUMN "keywords" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "version_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "deprecated_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "vulnerable_count" INTEGER NOT NULL DEFAULT 0,
  -- Rows derived by older rules (0 = before this column) are re-derived by the next sync: that
  -- fills keywords and owners, and rewrites descriptions that lost the `_` of identifiers.
  ADD COLUMN "derived_version" INTEGER NOT NULL DEFAULT 0,
  -- Staleness was judged against updated_at; a re-derivation must not make every card "updated today".
  ADD COLUMN "derived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "modules" SET "derived_at" = "updated_at";
CREATE INDEX "modules_owners_idx" ON "modules" USING GIN ("owners");

-- A short weighted vector (name A, input/output names B, description C) for ranking: ts_rank over
-- the README-sized search vector de-toasted every hit's README on every query. Generated, so it
-- can never lag the columns it is built from; Prisma declares it Unsupported("tsvector").
ALTER TABLE "modules" ADD COLUMN "rank_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', "name"), 'A') ||
  setweight(to_tsvector('simple', "keywords"), 'B') ||
  setweight(to_tsvector('simple', "description"), 'C')
) STORED;
CREATE INDEX "modules_rank_vector_idx" ON "modules" USING GIN ("rank_vector");

-- The derived counts and module status for what is already stored (the next sync keeps them up
-- to date); keywords are filled from each module's docs version by the next sync.
UPDATE "modules" m SET
  "version_count" = c.listed,
  "deprecated_count" = c.deprecated,
  "vulnerable_count" = c.vulnerable,
  "status" = CASE WHEN c.listed > 0 AND c.active = 0 THEN 'deprecated'::"ModuleStatus" ELSE 'active'::"ModuleStatus" END
FROM (
  SELECT "module_id",
         count(*) FILTER (WHERE "status" <> 'withdrawn')::int AS listed,
         count(*) FILTER (WHERE "status" = 'active')::int AS active,
         count(*) FILTER (WHERE "status" = 'deprecated')::int AS deprecated,
         count(*) FILTER (WHERE "status" = 'vulnerable')::int AS vulnerable
  FROM "module_versions" GROUP BY "module_id"
) c
WHERE c."module_id" = m."id";

-- The search cache's generation: one row, bumped once per statement that changes modules (search
-- reads modules, and sources only for their never-changing owner/repo). The bump commits (or rolls
-- back) with the change itself, so a reader that sees the new generation also sees the new rows.
CREATE TABLE "catalogue_generation" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "value" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "catalogue_generation_pkey" PRIMARY KEY ("id")
);
INSERT INTO "catalogue_generation" ("id", "value") VALUES (1, 0);

CREATE FUNCTION "bump_catalogue_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "catalogue_generation" SET "value" = "value" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "modules_bump_catalogue_generation"
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "modules"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_catalogue_generation"();
