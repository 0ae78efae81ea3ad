import { describe, expect, it } from "vitest";
import { moduleDocs } from "@/test/fixtures/catalogue/module-docs";
import { moduleInput } from "@/test/fixtures/catalogue/module-input";
import { extractModuleDocs } from "../core/extract-module-docs";
import { reshapeDocsErrors, reshapeModuleDocs, toDocsJson } from "./reshape-module-docs";

describe("reshapeModuleDocs", () => {
  it("reads broken stored docs as empty docs with an error", () => {
    const read = reshapeModuleDocs({ inputs: "nope" });
    expect(read.inputs).toEqual([]);
    expect(read.errors[0]?.message).toMatch(/could not be read/);
  });

  it("reads what toDocsJson stored back to the same docs", async () => {
    const docs = await extractModuleDocs({
      version: "1.0.0",
      files: [
        {
          path: "variables.tf",
          content: 'variable "tags" {\n  type    = map(string)\n  default = { team = "core", cost = 3 }\n}\n\nvariable "name" {\n  type = string\n}\n',
        },
        { path: "outputs.tf", content: 'output "id" {\n  value = "x"\n}\n' },
      ],
    });
    const stored = JSON.parse(JSON.stringify(toDocsJson(docs)));
    expect(reshapeModuleDocs(stored)).toEqual(docs);
    expect(reshapeModuleDocs(stored).inputs.map((i) => i.name)).toEqual(["tags", "name"]);
  });
});

describe("toDocsJson", () => {
  it("stores what JSON can hold, exactly as JSON.stringify would", () => {
    const docs = moduleDocs({ inputs: [moduleInput("odd", { defaultJson: { a: [1, undefined, Number.NaN], b: undefined, c: { d: null } } })] });
    expect(JSON.stringify(toDocsJson(docs))).toBe(JSON.stringify(docs));
    expect(toDocsJson(docs).inputs).toEqual([expect.objectContaining({ defaultJson: { a: [1, null, null], c: { d: null } } })]);
  });
});

describe("reshapeDocsErrors", () => {
  it("reads stored errors, and NULL or a malformed column as none", () => {
    expect(reshapeDocsErrors([{ file: "main.tf", line: 3, message: "Unclosed block" }])).toEqual([{ file: "main.tf", line: 3, message: "Unclosed block" }]);
    expect(reshapeDocsErrors(null)).toEqual([]);
    expect(reshapeDocsErrors([{ file: 1 }])).toEqual([]);
  });
});
