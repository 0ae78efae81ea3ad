import { describe, expect, it } from "vitest";
import { databasePoolConfig, databaseTimeoutsFromEnv } from "./database-pool-config";
import { isDatabaseUnavailable } from "./is-database-unavailable";

describe("databasePoolConfig", () => {
  it("puts connect, statement, idle-in-transaction and read timeouts on every pool by default", () => {
    expect(databasePoolConfig("postgresql://app@db/bulkhead")).toEqual({
      connectionString: "postgresql://app@db/bulkhead",
      max: 10,
      connectionTimeoutMillis: 5_000,
      statement_timeout: 15_000,
      idle_in_transaction_session_timeout: 30_000,
      query_timeout: 20_000,
    });
  });

  it("takes the timeouts from the environment", () => {
    const timeouts = databaseTimeoutsFromEnv({
      BULKHEAD_DB_CONNECT_TIMEOUT_MS: 1_000,
      BULKHEAD_DB_STATEMENT_TIMEOUT_MS: 2_000,
      BULKHEAD_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 3_000,
    });
    expect(databasePoolConfig("postgresql://x", { max: 4, timeouts, applicationName: "jobs" })).toMatchObject({
      max: 4,
      connectionTimeoutMillis: 1_000,
      statement_timeout: 2_000,
      idle_in_transaction_session_timeout: 3_000,
      query_timeout: 7_000,
      application_name: "jobs",
    });
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises timeouts and lost connections from pg, pg-pool and Prisma", () => {
    const statementTimeout = Object.assign(new Error("Raw query failed"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { originalCode: "57014", message: "canceling statement due to statement timeout" } } },
    });
    expect(isDatabaseUnavailable(statementTimeout)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated due to connection timeout"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Query read timeout"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code: "P1001" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: Object.assign(new Error("reset"), { code: "08006" }) }))).toBe(true);
  });

  it("leaves real failures alone", () => {
    const unique = Object.assign(new Error("Unique constraint failed"), {
      code: "P2002",
      meta: { driverAdapterError: { cause: { originalCode: "23505" } } },
    });
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable("a string")).toBe(false);
  });
});
