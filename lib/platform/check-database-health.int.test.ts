import { afterAll, describe, expect, it } from "vitest";
import { connectTestDb } from "@/test/db";
import { checkDatabaseHealth } from "./check-database-health";
import { createPrismaClient } from "./create-prisma-client";

const db = connectTestDb();
afterAll(() => db.$disconnect());

describe("checkDatabaseHealth", () => {
  it("reports the server version when reachable", async () => {
    const health = await checkDatabaseHealth(db);
    expect(health.reachable).toBe(true);
    if (health.reachable) expect(health.version).toMatch(/PostgreSQL \d+/);
  });

  it("reports unreachable, without the connection detail, when the server is down", async () => {
    const down = createPrismaClient("postgresql://postgres@127.0.0.1:1/nothing");
    const health = await checkDatabaseHealth(down, 3_000);
    expect(health).toMatchObject({ reachable: false, error: "database unreachable" });
    await down.$disconnect();
  });
});
