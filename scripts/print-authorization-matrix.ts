// npm run docs:matrix – prints the authorization matrix (test/authorization-matrix.ts) as a
// markdown table and writes it into ARCHITECTURE.md between its markers. `--check` only reports
// whether the file is up to date (exit code 1 when it is not).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderAuthorizationMatrix } from "../test/authorization-matrix";
import { withAuthorizationMatrix } from "./lib/authorization-matrix-docs";

const file = fileURLToPath(new URL("../ARCHITECTURE.md", import.meta.url));
const current = readFileSync(file, "utf8");
const next = withAuthorizationMatrix(current);
if (process.argv.includes("--check")) {
  if (next !== current) {
    console.error("ARCHITECTURE.md's authorization matrix is out of date: run npm run docs:matrix");
    process.exit(1);
  }
  console.log("ARCHITECTURE.md's authorization matrix is up to date");
} else {
  process.stdout.write(`${renderAuthorizationMatrix()}\n`);
  if (next !== current) writeFileSync(file, next);
  console.error(next !== current ? "ARCHITECTURE.md updated" : "ARCHITECTURE.md was already up to date");
}
