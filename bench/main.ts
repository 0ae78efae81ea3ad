// `npm run bench -- <catalogue|search|pages|scaffold|vending|estate|all>`: speed and memory targets, measured
// on real PostgreSQL and the emulators. Results print as a table and land in bench/results/.
// What each suite measures, and its targets: bench/README.md.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Scalars print as one table; nested objects and arrays as tables of their own; `raw` only goes to the JSON. */
type Figures = Record<string, unknown>;

function printFigures(figures: Figures): void {
  const scalars = Object.entries(figures).filter(([, v]) => v === null || typeof v !== "object");
  if (scalars.length > 0) console.table(Object.fromEntries(scalars));
  for (const [key, value] of Object.entries(figures)) {
    if (key === "raw" || value === null || typeof value !== "object") continue;
    console.log(`\n${key}:`);
    console.table(value);
  }
}

const suites: Record<string, Array<{ name: string; run: () => Promise<Figures> }>> = {
  catalogue: [{ name: "catalogue-ingest", run: async () => (await import("./catalogue-ingest")).runCatalogueIngestBench() }],
  search: [{ name: "catalogue-search", run: async () => (await import("./catalogue-search")).runCatalogueSearchBench() }],
  pages: [{ name: "pages", run: async () => (await import("./pages")).runPagesBench() }],
  scaffold: [{ name: "scaffold", run: async () => (await import("./scaffold")).runScaffoldBench() }],
  vending: [{ name: "vending", run: async () => (await import("./vending")).runVendingBench() }],
  estate: [{ name: "estate", run: async () => (await import("./estate")).runEstateBench() }],
};

async function main(): Promise<void> {
  const requested = process.argv[2] ?? "all";
  const names = requested === "all" ? Object.keys(suites) : [requested];
  const unknown = names.filter((n) => !suites[n]);
  if (unknown.length > 0) {
    console.error(`unknown benchmark "${unknown.join(", ")}"; choose one of: ${Object.keys(suites).join(", ")}, all`);
    process.exit(2);
  }
  const outDir = path.join(fileURLToPath(new URL(".", import.meta.url)), "results");
  await mkdir(outDir, { recursive: true });
  for (const suite of names) {
    for (const bench of suites[suite] ?? []) {
      console.log(`\n▶ ${bench.name}`);
      const figures = await bench.run();
      printFigures(figures);
      await writeFile(
        path.join(outDir, `${bench.name}.json`),
        JSON.stringify({ at: new Date().toISOString(), node: process.version, figures }, null, 2),
      );
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error((error as Error).stack ?? error);
    process.exit(1);
  },
);
