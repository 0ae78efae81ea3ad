-- A stored tsvector: the expression index on to_tsvector(search_text) made the planner
-- re-parse every README on small tables (it prices to_tsvector far too low). Prisma cannot
-- express generated columns; the schema declares the column as Unsupported("tsvector").
DROP INDEX IF EXISTS "modules_search_idx";

ALTER TABLE "modules"
  ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "search_text")) STORED;

CREATE INDEX "modules_search_vector_idx" ON "modules" USING GIN ("search_vector");
