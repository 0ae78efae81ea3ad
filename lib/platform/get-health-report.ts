import type { Viewer } from "./auth/roles";
import type { DatabaseHealth } from "./check-database-health";

export interface HealthReport {
  httpStatus: 200 | 503;
  body: {
    status: "ok" | "degraded";
    /** The server's version string is for admins only: it tells an attacker which CVEs apply. */
    database: { reachable: boolean; latencyMs: number; version?: string };
  };
}

export interface GetHealthReportDeps {
  checkDatabase: () => Promise<DatabaseHealth>;
  /** The signed-in person, if any. Only asked when the database answered. */
  getViewer: () => Promise<Viewer | null>;
}

/**
 * What `/api/health` answers. Anyone (load balancers, uptime checks) gets the status and
 * the database latency; a signed-in admin also gets the PostgreSQL version. The viewer is
 * resolved only once the database answered, since resolving it reads the database, and a
 * failure to resolve it just means "anonymous": health must never fail because of auth.
 */
export async function getHealthReport(deps: GetHealthReportDeps): Promise<HealthReport> {
  const database = await deps.checkDatabase();
  if (!database.reachable) {
    return { httpStatus: 503, body: { status: "degraded", database: { reachable: false, latencyMs: database.latencyMs } } };
  }
  const viewer = await deps.getViewer().catch(() => null);
  return {
    httpStatus: 200,
    body: {
      status: "ok",
      database: {
        reachable: true,
        latencyMs: database.latencyMs,
        ...(viewer?.role === "admin" ? { version: database.version } : {}),
      },
    },
  };
}
