import { describe, expect, it } from "vitest";
import { createDomainRegistry, type DomainDefinition } from "./domain-registry";

const job = (name: string) => ({ name, handler: async () => undefined });

describe("createDomainRegistry", () => {
  it("lists domains in registration order", () => {
    const registry = createDomainRegistry();
    registry.register({ name: "catalogue", jobs: [job("catalogue.sync-source")] });
    registry.register({ name: "scaffold" });
    registry.register({ name: "vending" });
    expect(registry.list().map((d) => d.name)).toEqual(["catalogue", "scaffold", "vending"]);
  });

  it("replaces a domain registered again under its name, keeping its place", () => {
    const registry = createDomainRegistry();
    const first: DomainDefinition = { name: "catalogue", jobs: [job("catalogue.sync-source")] };
    const again: DomainDefinition = { name: "catalogue", jobs: [job("catalogue.sync-source")] };
    registry.register(first);
    registry.register({ name: "scaffold" });
    registry.register(again);
    expect(registry.list()).toHaveLength(2);
    expect(registry.list()[0]).toBe(again);
  });

  it("refuses a job name another domain (or the same one) already uses, naming both", () => {
    const registry = createDomainRegistry();
    registry.register({ name: "catalogue", jobs: [job("shared.job")] });
    expect(() => registry.register({ name: "vending", jobs: [job("shared.job")] })).toThrow(
      'Job "shared.job" of domain "vending" is already registered by domain "catalogue".',
    );
    expect(() => registry.register({ name: "estate", jobs: [job("estate.scan"), job("estate.scan")] })).toThrow(
      'Job "estate.scan" of domain "estate" is already registered by domain "estate".',
    );
    expect(registry.list().map((d) => d.name)).toEqual(["catalogue"]);
  });

  it("refuses a name that is not lowercase letters, digits and dashes", () => {
    const registry = createDomainRegistry();
    for (const name of ["", "Catalogue", "cata logue", "../x"]) {
      expect(() => registry.register({ name })).toThrow(/must be lowercase letters, digits and dashes/);
    }
  });

  it("keeps job names starting with platform. for the platform's own jobs", () => {
    const registry = createDomainRegistry();
    expect(() => registry.register({ name: "estate", jobs: [job("platform.process-webhook")] })).toThrow(/belong to the platform's own jobs/);
    expect(registry.list()).toEqual([]);
  });
});
