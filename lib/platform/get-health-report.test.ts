import { describe, expect, it } from "vitest";
import type { Viewer } from "./auth/roles";
import type { DatabaseHealth } from "./check-database-health";
import { getHealthReport } from "./get-health-report";

const version = "PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit";
const up: DatabaseHealth = { reachable: true, version, latencyMs: 3 };
const down: DatabaseHealth = { reachable: false, error: "database unreachable", latencyMs: 2000 };

function viewer(role: Viewer["role"]): Viewer {
  return { id: "u1", username: role, name: role, email: null, role, workloads: [] };
}

describe("getHealthReport", () => {
  it("tells an anonymous caller the status and latency, and nothing about the server build", async () => {
    const report = await getHealthReport({ checkDatabase: async () => up, getViewer: async () => null });
    expect(report).toEqual({ httpStatus: 200, body: { status: "ok", database: { reachable: true, latencyMs: 3 } } });
    expect(JSON.stringify(report.body)).not.toMatch(/PostgreSQL|Debian|gcc|15\.20/);
  });

  it("hides the version from signed-in builders and leads too", async () => {
    for (const role of ["builder", "lead"] as const) {
      const report = await getHealthReport({ checkDatabase: async () => up, getViewer: async () => viewer(role) });
      expect(report.body.database).not.toHaveProperty("version");
    }
  });

  it("shows the version to an admin", async () => {
    const report = await getHealthReport({ checkDatabase: async () => up, getViewer: async () => viewer("admin") });
    expect(report.body.database.version).toBe(version);
  });

  it("answers 503 when the database is down, without asking who is calling or echoing the error", async () => {
    let asked = false;
    const report = await getHealthReport({
      checkDatabase: async () => down,
      getViewer: async () => {
        asked = true;
        return viewer("admin");
      },
    });
    expect(report).toEqual({ httpStatus: 503, body: { status: "degraded", database: { reachable: false, latencyMs: 2000 } } });
    expect(asked).toBe(false);
  });

  it("treats a failure to resolve the session as anonymous rather than failing the check", async () => {
    const report = await getHealthReport({
      checkDatabase: async () => up,
      getViewer: async () => {
        throw new Error("session lookup timed out");
      },
    });
    expect(report.httpStatus).toBe(200);
    expect(report.body.database).not.toHaveProperty("version");
  });
});
