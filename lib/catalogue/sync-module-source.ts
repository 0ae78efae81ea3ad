import { systemActor, type AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import { findModuleOwners, parseCodeOwners } from "./core/codeowners";
import { extractModuleDocs, type ExtractModuleDocsOptions } from "./core/extract-module-docs";
import { compareSemver, parseModuleTag, type ModuleTagLayout } from "@/lib/modules/semver";
import type { ModuleDocs } from "@/lib/modules/module-docs";
import { DERIVED_FIELDS_VERSION, deriveModuleFields, guessModuleProvider, pickDocsVersion } from "./derive-module-fields";
import { getSharedHclParsePool } from "./hcl-parse-pool";
import type { CatalogueDeps, ModuleSnapshot, ModuleSource, NewModuleVersion, RepoRef, SourceTag, StoredSource, SyncCounts, SyncTrigger } from "./ports";

export interface SyncModuleSourceDeps extends Pick<CatalogueDeps, "store" | "openSource"> {
  /**
   * Versions read and parsed at once. Each one waits on GitHub and the database most of the
   * time, so many in flight keep the parser busy.
   */
  concurrency?: number;
  /** Extracts a version's docs; by default the core extractor, parsing HCL on the process's worker-thread pool. */
  extractDocs?: (options: ExtractModuleDocsOptions) => Promise<ModuleDocs>;
}

export interface SyncModuleSourceInput {
  sourceId: string;
  trigger: SyncTrigger;
  /** The admin who asked; the system otherwise. */
  actor?: AuditActor;
}

export interface SyncModuleSourceResult {
  /** `skipped`: another sync of the source was running; `disabled`: the source is switched off. */
  status: "succeeded" | "failed" | "skipped" | "disabled";
  runId: string | null;
  counts: SyncCounts;
  error: string | null;
}

interface Candidate {
  tag: SourceTag;
  moduleName: string;
  modulePath: string;
  version: string;
  semver: { major: number; minor: number; patch: number; prerelease: string | null };
}

/** hcl2json off the event loop, so GitHub answers and database writes of other tags are not kept waiting. */
const extractOnWorkers = (options: ExtractModuleDocsOptions): Promise<ModuleDocs> =>
  extractModuleDocs({ ...options, parseFiles: (files) => getSharedHclParsePool().parseFiles(files) });

/** Versions written per statement, and statements in flight: a crash loses at most those, which the next sync reads again. */
const WRITE_BATCH = 10;
const WRITE_PARALLEL = 3;

/** Modules whose derived fields are read and written per statement after the versions are stored. */
const DERIVE_BATCH = 100;

/** Tags in flight at once: each mostly waits on GitHub and the database, so more than the cores. */
const DEFAULT_CONCURRENCY = 16;

const emptyCounts = (): SyncCounts => ({ tagsSeen: 0, versionsIngested: 0, versionsWithdrawn: 0, versionsFailed: 0 });

/**
 * Brings one source's catalogue up to date with its tags. Incremental: a tag already
 * ingested is never read or parsed again; a tag that disappeared marks its version
 * withdrawn, and one that reappears restores it. A version with broken HCL is stored
 * with its errors (file and line) and never stops the others. Versions are written in
 * small batches behind the readers, so a crash keeps what was written and the next sync
 * reads the rest; a concurrent sync of the same source returns `skipped` at once. Each
 * sync also reads CODEOWNERS for the modules' owners, and fills in missing release dates.
 *
 * Counts: `versionsIngested` = versions stored (broken ones included), `versionsFailed`
 * = versions stored with errors plus tags that could not be read (those are retried).
 */
export async function syncModuleSource(deps: SyncModuleSourceDeps, input: SyncModuleSourceInput): Promise<SyncModuleSourceResult> {
  const source = await deps.store.getSource(input.sourceId);
  if (!source) throw new AppError("NOT_FOUND", `No module source with id ${input.sourceId}.`);
  if (!source.enabled && input.trigger !== "manual") {
    return { status: "disabled", runId: null, counts: emptyCounts(), error: null };
  }
  const actor = input.actor ?? systemActor("catalogue-sync");
  const outcome = await deps.store.withSourceLock(source.id, async () => {
    // One ModuleSource per sync: its caches serve this sync's tags and are dropped with it.
    const moduleSource = deps.openSource();
    const run = await deps.store.startSyncRun({ sourceId: source.id, trigger: input.trigger });
    const counts = emptyCounts();
    let status: "succeeded" | "failed" = "succeeded";
    let error: string | null = null;
    try {
      const problems = await ingestTags(deps, moduleSource, source, counts, actor);
      if (problems.length > 0) {
        status = "failed";
        error = summarizeProblems(problems);
      }
    } catch (caught) {
      status = "failed";
      error = caught instanceof Error ? caught.message : String(caught);
    }
    await deps.store.finishSyncRun({ runId: run.id, sourceId: source.id, status, counts, error, actor });
    return { status, runId: run.id, counts, error };
  });
  return outcome ?? { status: "skipped", runId: null, counts: emptyCounts(), error: null };
}

async function ingestTags(
  deps: SyncModuleSourceDeps,
  moduleSource: ModuleSource,
  source: StoredSource,
  counts: SyncCounts,
  actor: AuditActor,
): Promise<string[]> {
  const ref = { owner: source.owner, repo: source.repo };
  const tags = await moduleSource.listTags(ref);
  counts.tagsSeen = tags.length;
  const candidates = parseCandidates(source, tags);
  const known = await deps.store.listKnownVersions(source.id);
  const knownByKey = new Map(known.map((v) => [versionKey(v.moduleName, v.version), v]));
  const touchedModules = new Map<string, string>();
  for (const stale of await deps.store.listStaleModules({ sourceId: source.id, derivedVersion: DERIVED_FIELDS_VERSION })) {
    touchedModules.set(stale.id, stale.name);
  }

  // Tags gone from the repo withdraw their versions; tags back again restore them.
  const present = new Set(candidates.map((c) => versionKey(c.moduleName, c.version)));
  const withdraw = known.filter((v) => v.status !== "withdrawn" && !present.has(versionKey(v.moduleName, v.version)));
  const restore = known.filter((v) => v.status === "withdrawn" && present.has(versionKey(v.moduleName, v.version)));
  if (withdraw.length > 0) {
    await deps.store.setVersionsStatus({ ids: withdraw.map((v) => v.id), status: "withdrawn", reason: "The tag was deleted from the repository.", actor });
    counts.versionsWithdrawn = withdraw.length;
  }
  if (restore.length > 0) await deps.store.setVersionsStatus({ ids: restore.map((v) => v.id), status: "active", reason: null, actor });
  for (const v of [...withdraw, ...restore]) touchedModules.set(v.moduleId, v.moduleName);

  const fresh = candidates.filter((c) => !knownByKey.has(versionKey(c.moduleName, c.version)));
  /** Per module, the docs of the newest version this sync stored: the ones its derived fields usually come from. */
  const newestDocs = new Map<string, KeptDocs>();
  const modules = new Map<string, Promise<{ id: string }>>();
  const problems: string[] = [];
  const extract = deps.extractDocs ?? extractOnWorkers;
  const providerHint = source.layout === "repo" ? parseRepoName(source.repo).provider : null;
  const concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY;

  // Versions stored before release dates were read get theirs from the tag's commit, once.
  const undated = candidates.flatMap((c) => {
    const stored = knownByKey.get(versionKey(c.moduleName, c.version));
    return stored && !stored.hasPublishedAt ? [{ id: stored.id, tag: c.tag }] : [];
  });
  await runLimited(undated, concurrency, async ({ id, tag }) => {
    try {
      const { committedAt } = await moduleSource.readTagCommit({ ref, tag });
      if (committedAt) await deps.store.setPublishedAt({ versionId: id, publishedAt: committedAt });
    } catch (caught) {
      problems.push(`${tag.name}: the release date could not be read (${caught instanceof Error ? caught.message : String(caught)})`);
    }
  });

  // Reading and parsing run `concurrency` tags at a time; their rows are written in batches
  // behind them, so no tag waits for the database before the next is fetched.
  const writer = createBatchWriter<{ row: NewModuleVersion; candidate: Candidate }>(WRITE_BATCH, WRITE_PARALLEL, async (batch) => {
    try {
      const inserted = await deps.store.insertVersions(batch.map((b) => b.row));
      for (const { row, candidate } of batch) {
        if (!inserted.has(`${row.moduleId}@${row.version}`)) continue;
        counts.versionsIngested += 1;
        if (row.errors.length > 0) counts.versionsFailed += 1;
        touchedModules.set(row.moduleId, candidate.moduleName);
        keepNewestDocs(newestDocs, row);
      }
    } catch (caught) {
      // Not stored, so the next sync reads these tags again.
      counts.versionsFailed += batch.length;
      problems.push(`${batch.map((b) => b.candidate.tag.name).join(", ")}: ${caught instanceof Error ? caught.message : String(caught)}`);
    }
  });
  // A tag's slot is freed once its files are read: parsing and writing go on behind it, at
  // most `concurrency` more at once, so GitHub reads, parses and writes all overlap.
  const behind = createLimiter(concurrency);
  const ingestSnapshot = async (candidate: Candidate, snapshot: ModuleSnapshot) => {
    try {
      const docs = await extract({ files: snapshot.files, version: candidate.version });
      let catalogueModule = modules.get(candidate.moduleName);
      if (!catalogueModule) {
        catalogueModule = deps.store.ensureModule({
          sourceId: source.id,
          name: candidate.moduleName,
          path: candidate.modulePath,
          provider: providerHint ?? guessModuleProvider(docs, "aws"),
        });
        modules.set(candidate.moduleName, catalogueModule);
      }
      const { id: moduleId } = await catalogueModule;
      await writer.add({
        candidate,
        row: {
          moduleId,
          version: candidate.version,
          tag: candidate.tag.name,
          commitSha: snapshot.commitSha,
          major: candidate.semver.major,
          minor: candidate.semver.minor,
          patch: candidate.semver.patch,
          prerelease: candidate.semver.prerelease,
          docs,
          errors: docs.errors,
          publishedAt: snapshot.committedAt,
        },
      });
    } catch (caught) {
      counts.versionsFailed += 1;
      problems.push(`${candidate.tag.name}: ${caught instanceof Error ? caught.message : String(caught)}`);
    }
  };
  await runLimited(fresh, concurrency, async (candidate) => {
    let snapshot: ModuleSnapshot;
    try {
      snapshot = await moduleSource.readModuleAtTag({ ref, tag: candidate.tag, path: candidate.modulePath });
    } catch (caught) {
      counts.versionsFailed += 1;
      problems.push(`${candidate.tag.name}: ${caught instanceof Error ? caught.message : String(caught)}`);
      return;
    }
    await behind.start(() => ingestSnapshot(candidate, snapshot));
  });
  await behind.idle();
  await writer.close();

  // Derived fields, a batch of modules per read and per write. The docs they come from are
  // usually those of a version this sync just stored, still in memory; others are read back.
  const touched = [...touchedModules];
  for (let start = 0; start < touched.length; start += DERIVE_BATCH) {
    const batch = touched.slice(start, start + DERIVE_BATCH);
    const versionsByModule = await deps.store.listModuleVersions(batch.map(([moduleId]) => moduleId));
    const changes = await Promise.all(
      batch.map(async ([moduleId, name]) => {
        const versions = versionsByModule.get(moduleId) ?? [];
        const docsVersion = pickDocsVersion(versions);
        const kept = newestDocs.get(moduleId);
        const docs = !docsVersion ? null : kept?.version === docsVersion ? kept.docs : await deps.store.getVersionDocs({ moduleId, version: docsVersion });
        return { moduleId, fields: deriveModuleFields({ name, versions, docs, providerHint }) };
      }),
    );
    await deps.store.saveDerivedFields(changes);
  }

  try {
    await updateOwners(deps, moduleSource, source, ref);
  } catch (caught) {
    problems.push(`CODEOWNERS: ${caught instanceof Error ? caught.message : String(caught)}`);
  }
  return problems;
}

/**
 * Gives each module of the source its owners: those CODEOWNERS on the default branch names
 * for the module folder (the last matching rule), else the source's default owners. Read at
 * every sync, since ownership changes without a new tag.
 */
async function updateOwners(deps: SyncModuleSourceDeps, moduleSource: ModuleSource, source: StoredSource, ref: RepoRef): Promise<void> {
  const modules = await deps.store.listSourceModules(source.id);
  if (modules.length === 0) return;
  const file = await moduleSource.readCodeOwners(ref);
  const rules = file ? parseCodeOwners(file.content) : [];
  const changes = modules.flatMap((m) => {
    const fromFile = findModuleOwners(rules, m.path);
    const next =
      fromFile.length > 0
        ? { owners: fromFile, ownersOrigin: "codeowners" as const }
        : source.defaultOwners.length > 0
          ? { owners: source.defaultOwners, ownersOrigin: "source" as const }
          : { owners: [], ownersOrigin: null };
    const same = next.ownersOrigin === m.ownersOrigin && next.owners.join(" ") === m.owners.join(" ");
    return same ? [] : [{ moduleId: m.id, ...next }];
  });
  await deps.store.saveModuleOwners(changes);
}

interface KeptDocs {
  version: string;
  prerelease: boolean;
  docs: ModuleDocs;
}

/**
 * Keeps a stored version's docs when it is the module's newest so far, releases before
 * prereleases, as `pickDocsVersion` prefers them; one version's docs per module stay in memory.
 */
function keepNewestDocs(kept: Map<string, KeptDocs>, row: NewModuleVersion): void {
  const current = kept.get(row.moduleId);
  const prerelease = row.prerelease !== null;
  const newer = !current || (current.prerelease && !prerelease) || (current.prerelease === prerelease && compareSemver(row.version, current.version) > 0);
  if (newer) kept.set(row.moduleId, { version: row.version, prerelease, docs: row.docs });
}

function parseCandidates(source: StoredSource, tags: SourceTag[]): Candidate[] {
  const layout: ModuleTagLayout = source.layout === "repo" ? { kind: "repo" } : { kind: "monorepo", modulesDir: source.modulesDir };
  const repoModule = parseRepoName(source.repo).name;
  const modulesDir = source.modulesDir.replace(/^\.?\/+|\/+$/g, "");
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const tag of tags) {
    const parsed = parseModuleTag(tag.name, layout);
    if (!parsed) continue;
    const moduleName = parsed.module ?? repoModule;
    const key = versionKey(moduleName, parsed.version);
    // `v1.2.0` and `1.2.0` are one version; the first tag listed wins.
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({
      tag,
      moduleName,
      modulePath: parsed.module ? [modulesDir, parsed.module].filter(Boolean).join("/") : "",
      version: parsed.version,
      semver: parsed.semver,
    });
  }
  return candidates;
}

/** `terraform-aws-eks-cluster` → provider `aws`, name `eks-cluster` (the registry's naming rule); else the repo name. */
export function parseRepoName(repo: string): { name: string; provider: string | null } {
  const match = /^terraform-([a-z0-9]+)-(.+)$/i.exec(repo);
  return match ? { provider: (match[1] as string).toLowerCase(), name: match[2] as string } : { provider: null, name: repo };
}

function versionKey(moduleName: string, version: string): string {
  return `${moduleName}@${version}`;
}

function summarizeProblems(problems: string[]): string {
  const shown = problems.slice(0, 5).join("; ");
  return problems.length > 5 ? `${problems.length} tags could not be read: ${shown}; …` : `${problems.length} tag(s) could not be read: ${shown}`;
}

/**
 * Runs tasks in the background, at most `limit` at once: `start` waits only until a place is
 * free, and `idle` waits for every task started.
 */
function createLimiter(limit: number): { start(task: () => Promise<void>): Promise<void>; idle(): Promise<void> } {
  const running = new Set<Promise<void>>();
  return {
    async start(task) {
      while (running.size >= limit) await Promise.race(running);
      const done: Promise<void> = task().finally(() => running.delete(done));
      running.add(done);
    },
    async idle() {
      await Promise.all(running);
    },
  };
}

/**
 * Collects items and hands them to `write` in batches of `size`, up to `parallel` batches at
 * once. `add` waits only while that many writes are in flight (so producers cannot run ahead
 * without bound); `close` writes what is left and waits for every write.
 */
function createBatchWriter<T>(size: number, parallel: number, write: (batch: T[]) => Promise<void>): { add(item: T): Promise<void>; close(): Promise<void> } {
  const pending: T[] = [];
  const writing = new Set<Promise<void>>();
  const start = () => {
    const batch = pending.splice(0);
    if (batch.length === 0) return;
    const done: Promise<void> = write(batch).finally(() => writing.delete(done));
    writing.add(done);
  };
  return {
    async add(item) {
      pending.push(item);
      if (pending.length < size) return;
      start();
      while (writing.size >= parallel) await Promise.race(writing);
    },
    async close() {
      start();
      await Promise.all(writing);
    },
  };
}

async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}
