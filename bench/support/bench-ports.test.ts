import { describe, expect, it } from "vitest";
import { benchPorts } from "./bench-ports";

describe("benchPorts", () => {
  it("keeps the default layout from 3400", () => {
    expect(benchPorts({})).toEqual({ app: 3400, oidc: 3401, github: 3402, bareApp: 3403, aws: 3404 });
  });

  it("lays the ports out from BENCH_PORT_BASE", () => {
    expect(benchPorts({ BENCH_PORT_BASE: "5000" })).toEqual({ app: 5000, oidc: 5001, github: 5002, bareApp: 5003, aws: 5004 });
  });

  it("takes each port on its own, so a run can use the ports it was handed", () => {
    expect(
      benchPorts({ BENCH_APP_PORT: "3206", BENCH_OIDC_PORT: "4216", BENCH_GITHUB_PORT: "4226", BENCH_AWS_PORT: "4236", BENCH_BARE_PORT: "3306" }),
    ).toEqual({ app: 3206, oidc: 4216, github: 4226, bareApp: 3306, aws: 4236 });
  });

  it("refuses a value that is not a port, naming the variable", () => {
    expect(() => benchPorts({ BENCH_OIDC_PORT: "41x" })).toThrow(/BENCH_OIDC_PORT must be a port number/);
    expect(() => benchPorts({ BENCH_PORT_BASE: "80" })).toThrow(/BENCH_PORT_BASE/);
    expect(() => benchPorts({ BENCH_PORT_BASE: "65534" })).toThrow(/lower BENCH_PORT_BASE/);
  });

  it("refuses two services on one port", () => {
    expect(() => benchPorts({ BENCH_APP_PORT: "3401" })).toThrow(/app and oidc are both 3401|oidc and app are both 3401/);
  });
});
