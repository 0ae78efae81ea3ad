-- CreateEnum
CREATE TYPE "SourceLayout" AS ENUM ('repo', 'monorepo');

-- CreateEnum
CREATE TYPE "ModuleStatus" AS ENUM ('active', 'deprecated');

-- CreateEnum
CREATE TYPE "VersionStatus" AS ENUM ('active', 'deprecated', 'withdrawn');

-- CreateEnum
CREATE TYPE "ScaffoldState" AS ENUM ('draft', 'pr_open', 'merged', 'closed', 'failed');

-- CreateEnum
CREATE TYPE "ScaffoldKind" AS ENUM ('create', 'update', 'promote');

-- CreateTable
CREATE TABLE "module_sources" (
    "id" UUID NOT NULL,
    "owner" TEXT NOT NULL,
    "repo" TEXT NOT NULL,
    "layout" "SourceLayout" NOT NULL,
    "modules_dir" TEXT NOT NULL DEFAULT 'modules',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_synced_at" TIMESTAMPTZ(3),
    "last_sync_status" TEXT,
    "last_sync_error" TEXT,

    CONSTRAINT "module_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modules" (
    "id" UUID NOT NULL,
    "source_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'aws',
    "category" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "ModuleStatus" NOT NULL DEFAULT 'active',
    "latest_version" TEXT,
    "search_text" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "modules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_versions" (
    "id" UUID NOT NULL,
    "module_id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "commit_sha" TEXT NOT NULL,
    "major" INTEGER NOT NULL,
    "minor" INTEGER NOT NULL,
    "patch" INTEGER NOT NULL,
    "prerelease" TEXT,
    "docs" JSONB NOT NULL,
    "status" "VersionStatus" NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "upgrade_deadline" TIMESTAMPTZ(3),
    "errors" JSONB,
    "has_errors" BOOLEAN NOT NULL DEFAULT false,
    "published_at" TIMESTAMPTZ(3),
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" UUID NOT NULL,
    "source_id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "tags_seen" INTEGER NOT NULL DEFAULT 0,
    "versions_ingested" INTEGER NOT NULL DEFAULT 0,
    "versions_withdrawn" INTEGER NOT NULL DEFAULT 0,
    "versions_failed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scaffold_requests" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "kind" "ScaffoldKind" NOT NULL DEFAULT 'create',
    "workload_id" UUID NOT NULL,
    "module_version_id" UUID NOT NULL,
    "env" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "unit_name" TEXT NOT NULL,
    "unit_path" TEXT NOT NULL,
    "style" TEXT NOT NULL DEFAULT 'terragrunt',
    "inputs" JSONB NOT NULL,
    "files" JSONB NOT NULL,
    "promoted_from_id" UUID,
    "requested_by_id" UUID NOT NULL,
    "requested_by_name" TEXT NOT NULL,
    "state" "ScaffoldState" NOT NULL DEFAULT 'draft',
    "branch" TEXT NOT NULL,
    "base_sha" TEXT,
    "commit_sha" TEXT,
    "pr_number" INTEGER,
    "pr_url" TEXT,
    "merge_commit_sha" TEXT,
    "steps" JSONB NOT NULL DEFAULT '{}',
    "failed_step" TEXT,
    "failure_message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "scaffold_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consumptions" (
    "id" UUID NOT NULL,
    "workload_id" UUID NOT NULL,
    "env" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "unit_path" TEXT NOT NULL,
    "module_version_id" UUID,
    "source" TEXT NOT NULL,
    "ref" TEXT,
    "commit_sha" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "scaffold_request_id" UUID,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consumptions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "module_sources_owner_repo_key" ON "module_sources"("owner", "repo");

-- CreateIndex
CREATE INDEX "modules_updated_at_idx" ON "modules"("updated_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "modules_source_id_name_key" ON "modules"("source_id", "name");

-- CreateIndex
CREATE INDEX "module_versions_module_id_major_minor_patch_idx" ON "module_versions"("module_id", "major" DESC, "minor" DESC, "patch" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "module_versions_module_id_version_key" ON "module_versions"("module_id", "version");

-- CreateIndex
CREATE INDEX "sync_runs_source_id_started_at_idx" ON "sync_runs"("source_id", "started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "scaffold_requests_idempotency_key_key" ON "scaffold_requests"("idempotency_key");

-- CreateIndex
CREATE INDEX "scaffold_requests_workload_id_created_at_idx" ON "scaffold_requests"("workload_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "scaffold_requests_state_idx" ON "scaffold_requests"("state");

-- CreateIndex
CREATE INDEX "consumptions_module_version_id_idx" ON "consumptions"("module_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "consumptions_workload_id_unit_path_key" ON "consumptions"("workload_id", "unit_path");

-- AddForeignKey
ALTER TABLE "modules" ADD CONSTRAINT "modules_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "module_sources"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "module_sources"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scaffold_requests" ADD CONSTRAINT "scaffold_requests_workload_id_fkey" FOREIGN KEY ("workload_id") REFERENCES "workloads"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scaffold_requests" ADD CONSTRAINT "scaffold_requests_module_version_id_fkey" FOREIGN KEY ("module_version_id") REFERENCES "module_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consumptions" ADD CONSTRAINT "consumptions_workload_id_fkey" FOREIGN KEY ("workload_id") REFERENCES "workloads"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consumptions" ADD CONSTRAINT "consumptions_module_version_id_fkey" FOREIGN KEY ("module_version_id") REFERENCES "module_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consumptions" ADD CONSTRAINT "consumptions_scaffold_request_id_fkey" FOREIGN KEY ("scaffold_request_id") REFERENCES "scaffold_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Full-text search over the catalogue (name, description, inputs, README). Prisma's
-- schema cannot express expression indexes: when `migrate dev` proposes dropping
-- this index in a later migration, delete that line from the generated SQL.
CREATE INDEX "modules_search_idx" ON "modules" USING GIN (to_tsvector('simple', "search_text"));
