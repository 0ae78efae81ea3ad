import { describe, expect, it } from "vitest";
import { extractModuleDocs } from "../core/extract-module-docs";
import { reshapeDocsErrors, reshapeModuleDocs } from "./reshape-module-docs";

describe("reshapeModuleDocs", () => {
  it("reads broken stored docs as empty docs with an error", () => {
    const read = reshapeModuleDocs({ inputs: "nope" });
    expect(read.inputs).toEqual([]);
    expect(read.errors[0]?.message).toMatch(/could not be read/);
  });

  it("reads docs stored as JSON text back to the same docs", async () => {
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
    const stored = JSON.parse(JSON.stringify(docs));
    expect(reshapeModuleDocs(stored)).toEqual(docs);
    expect(reshapeModuleDocs(stored).inputs.map((i) => i.name)).toEqual(["tags", "name"]);
  });
});

describe("reshapeDocsErrors", () => {
  it("reads stored errors, and NULL or a malformed column as none", () => {
    expect(reshapeDocsErrors([{ file: "main.tf", line: 3, message: "Unclosed block" }])).toEqual([{ file: "main.tf", line: 3, message: "Unclosed block" }]);
    expect(reshapeDocsErrors(null)).toEqual([]);
    expect(reshapeDocsErrors([{ file: 1 }])).toEqual([]);
  });
});
