import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureEmulator } from "./test-helpers";

let fixture: Awaited<ReturnType<typeof startFixtureEmulator>>;

beforeAll(async () => {
  fixture = await startFixtureEmulator();
});
afterAll(() => fixture.close());

describe("raw files", () => {
  it("serves a file at a tag whose name has a slash, as GitHub's /raw/ does", async () => {
    const old = await fetch(`${fixture.emulator.gitUrl}/acme-platform/iac-modules/raw/vpc/v1.0.0/modules/vpc/variables.tf`);
    expect(old.status).toBe(200);
    expect(old.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await old.text()).not.toContain('variable "name"');
    const newer = await fetch(`${fixture.emulator.gitUrl}/acme-platform/iac-modules/blob/vpc/v1.1.0/modules/vpc/variables.tf`);
    expect(await newer.text()).toContain('variable "name"');
  });

  it("answers 404 for unknown refs, paths and folders", async () => {
    for (const path of ["raw/vpc/v9.9.9/modules/vpc/main.tf", "raw/main/nope.tf", "raw/main/modules", "raw/main"]) {
      const response = await fetch(`${fixture.emulator.gitUrl}/acme-platform/iac-modules/${path}`);
      expect(response.status, path).toBe(404);
    }
  });
});
