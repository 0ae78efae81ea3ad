import type { Db } from "../../lib/platform/create-prisma-client";

/**
 * Waits until the app's job worker has synced every enabled module source once and no sync
 * is running. Fails on a failed sync (with its error) or after `timeoutMs`.
 */
export async function waitForCatalogueSync(db: Db, options: { timeoutMs: number; log: (line: string) => void }): Promise<{ ms: number; versions: number }> {
  const started = performance.now();
  let lastLog = 0;
  for (;;) {
    const sources = await db.moduleSource.findMany({ where: { enabled: true }, select: { owner: true, repo: true, lastSyncedAt: true, lastSyncStatus: true, lastSyncError: true } });
    const failed = sources.find((s) => s.lastSyncStatus === "failed");
    if (failed) throw new Error(`sync of ${failed.owner}/${failed.repo} failed: ${failed.lastSyncError ?? "no error recorded"}`);
    const running = await db.syncRun.count({ where: { status: "running" } });
    const versions = await db.moduleVersion.count();
    if (sources.length > 0 && sources.every((s) => s.lastSyncedAt !== null) && running === 0) {
      return { ms: performance.now() - started, versions };
    }
    const elapsed = performance.now() - started;
    if (elapsed > options.timeoutMs) {
      const pending = sources.filter((s) => s.lastSyncedAt === null).map((s) => `${s.owner}/${s.repo}`);
      throw new Error(`catalogue sync did not finish in ${Math.round(options.timeoutMs / 1000)} s; ${versions} versions so far; pending: ${pending.join(", ")}`);
    }
    if (elapsed - lastLog > 15_000) {
      lastLog = elapsed;
      options.log(`waiting for the app's catalogue sync: ${versions} versions so far`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
