import { parse } from "@cdktn/hcl2json";
import { describe, expect, it } from "vitest";
import { buildCorpus, countVocabulary, renderModuleFiles } from "./generate-module-corpus";
import { corpusModules } from "./write-module-monorepo";

const corpus = buildCorpus({ modules: 500, versions: 4 });
const latest = (i: number) => renderModuleFiles(corpus[i]!, corpus[i]!.releases.length - 1);

describe("buildCorpus", () => {
  it("is deterministic: the same options give the same files", () => {
    const again = buildCorpus({ modules: 500, versions: 4 });
    for (const k of [0, 17, 250, 499]) {
      expect(renderModuleFiles(again[k]!, 2)).toEqual(renderModuleFiles(corpus[k]!, 2));
    }
  });

  it("gives every module a unique name and semver releases in ascending order", () => {
    expect(new Set(corpus.map((m) => m.name)).size).toBe(500);
    for (const m of corpus) {
      expect(m.releases).toHaveLength(4);
      const keys = m.releases.map((r) => r.split(".").map(Number)).map(([a, b, c]) => a! * 1e6 + b! * 1e3 + c!);
      expect([...keys].sort((a, b) => a - b)).toEqual(keys);
      expect(new Set(keys).size).toBe(4);
    }
  });

  it("writes READMEs of 1–30 KB with a median of a few KB", () => {
    const sizes = corpus.map((_, i) => Buffer.byteLength(latest(i)["README.md"]!)).sort((a, b) => a - b);
    expect(sizes[0]).toBeGreaterThanOrEqual(1_000);
    expect(sizes.at(-1)).toBeLessThanOrEqual(32 * 1024);
    expect(sizes[250]).toBeGreaterThan(3_000);
    expect(sizes[250]).toBeLessThan(12_000);
  });

  it("documents each release's inputs in variables.tf and the README table, and adds inputs over releases", () => {
    const m = corpus[42]!;
    const first = renderModuleFiles(m, 0);
    const last = renderModuleFiles(m, m.releases.length - 1);
    const declared = (files: Record<string, string>) => [...files["variables.tf"]!.matchAll(/^variable "([^"]+)"/gm)].map((x) => x[1]);
    expect(declared(last)).toEqual(m.inputs.map((i) => i.name));
    expect(declared(first).length).toBeLessThan(declared(last).length);
    for (const name of declared(last)) expect(last["README.md"]).toContain(`<a name="input_${name}"></a>`);
    expect(last["README.md"]).toContain(`?ref=${m.name}/v${m.releases.at(-1)}`);
  });

  it("has selective vocabulary: service terms stay with their services", () => {
    const texts = corpus.map((_, i) => latest(i)["README.md"]!.toLowerCase());
    const share = (word: string) => texts.filter((t) => new RegExp(`\\b${word}`).test(t)).length / texts.length;
    expect(share("redrive")).toBeLessThan(0.05);
    expect(share("aurora")).toBeLessThan(0.05);
    expect(share("tags")).toBeGreaterThan(0.95);
    expect(countVocabulary(texts)).toBeGreaterThan(1_000);
  });

  it("writes HCL that hcl2json parses, for every root .tf file", async () => {
    for (let i = 0; i < corpus.length; i += 5) {
      for (const [file, content] of Object.entries(latest(i))) {
        if (!file.endsWith(".tf")) continue;
        await expect(parse(file, content), `${corpus[i]!.name}/${file}`).resolves.toBeTypeOf("object");
      }
    }
  });
});

describe("corpusModules", () => {
  it("keeps the synthetic corpus the earlier ingest figures used", () => {
    const [first] = corpusModules("synthetic", 3, 2);
    expect(first!.name).toBe("vpc-000");
    expect(first!.releases).toEqual(["1.0.0", "1.1.0"]);
    expect(first!.files(1)["variables.tf"]).toContain('variable "input_6"');
  });
});
