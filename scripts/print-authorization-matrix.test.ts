import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { actionMatrix, routeMatrix } from "../test/authorization-matrix";
import { MATRIX_END, MATRIX_START, withAuthorizationMatrix } from "./lib/authorization-matrix-docs";

const architecture = readFileSync(fileURLToPath(new URL("../ARCHITECTURE.md", import.meta.url)), "utf8");

describe("the authorization matrix in ARCHITECTURE.md", () => {
  it("is the one the test checks: regenerate it with npm run docs:matrix", () => {
    expect(withAuthorizationMatrix(architecture)).toBe(architecture);
  });

  it("has one row per route and action, between the markers only", () => {
    const table = architecture.slice(architecture.indexOf(MATRIX_START), architecture.indexOf(MATRIX_END));
    const rows = table.split("\n").filter((line) => line.startsWith("| `") || line.startsWith("| action"));
    expect(rows).toHaveLength(Object.keys(routeMatrix).length + Object.keys(actionMatrix).length);
    expect(withAuthorizationMatrix(`intro\n${MATRIX_START}\nold table\n${MATRIX_END}\nrest`)).toMatch(/^intro\n<!-- authorization-matrix:start[^\n]*\n\| route or action \|[\s\S]*\n<!-- authorization-matrix:end -->\nrest$/);
    expect(() => withAuthorizationMatrix("no markers")).toThrow(/needs the two markers/);
  });
});
