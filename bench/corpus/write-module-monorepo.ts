// Writes a module monorepo (one commit and one `<module>/vX.Y.Z` tag per release, modules
// under `modules/<name>/`) as a bare repo, in one `git fast-import` stream. Releases are
// committed round by round (every module's first release, then every second one, ...), as
// teams release in parallel.
import { execFile, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { promisify } from "node:util";
import { buildCorpus, renderModuleFiles } from "./generate-module-corpus";
import { syntheticModules } from "./synthetic-modules";

const run = promisify(execFile);

/** One module of a corpus: its releases and the files at each of them. */
export interface MonorepoModule {
  name: string;
  releases: string[];
  files(releaseIndex: number): Record<string, string>;
}

/** `synthetic`: the old 85-word corpus (ingest's historical baseline); `realistic`: bench/corpus. */
export type CorpusKind = "synthetic" | "realistic";

export function corpusModules(kind: CorpusKind, modules: number, versions: number): MonorepoModule[] {
  if (kind === "synthetic") return syntheticModules(modules, versions);
  return buildCorpus({ modules, versions }).map((m) => ({ name: m.name, releases: m.releases, files: (i) => renderModuleFiles(m, i) }));
}

export function readCorpusKind(value: string | undefined, fallback: CorpusKind): CorpusKind {
  const kind = value?.trim() || fallback;
  if (kind !== "synthetic" && kind !== "realistic") throw new Error(`BENCH_CORPUS must be "synthetic" or "realistic", not "${kind}"`);
  return kind;
}

/** Builds the repo and returns how many tags it has. */
export async function writeModuleMonorepo(options: { bareDir: string; modules: MonorepoModule[] }): Promise<number> {
  await mkdir(options.bareDir, { recursive: true });
  await run("git", ["init", "-q", "--bare", "-b", "main", options.bareDir]);
  const child = spawn("git", ["--git-dir", options.bareDir, "fast-import", "--quiet"], { stdio: ["pipe", "inherit", "inherit"] });
  const done = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))));
  const chunks: string[] = [];
  let buffered = 0;
  const flush = async () => {
    const data = chunks.join("");
    chunks.length = 0;
    buffered = 0;
    if (!child.stdin.write(data)) await new Promise((r) => child.stdin.once("drain", r));
  };
  const push = (text: string) => {
    chunks.push(text);
    buffered += text.length;
  };
  let mark = 0;
  let time = 1_700_000_000;
  let tags = 0;
  const rounds = Math.max(0, ...options.modules.map((m) => m.releases.length));
  for (let v = 0; v < rounds; v++) {
    for (const mod of options.modules) {
      const release = mod.releases[v];
      if (!release) continue;
      mark += 1;
      time += 60;
      const message = `release ${mod.name} ${release}\n`;
      push(`commit refs/heads/main\nmark :${mark}\ncommitter Bench <bench@example.com> ${time} +0000\ndata ${Buffer.byteLength(message)}\n${message}`);
      if (mark > 1) push(`from :${mark - 1}\n`);
      for (const [file, content] of Object.entries(mod.files(v))) {
        push(`M 100644 inline modules/${mod.name}/${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
      }
      push(`\nreset refs/tags/${mod.name}/v${release}\nfrom :${mark}\n\n`);
      tags += 1;
      if (buffered > 4_000_000) await flush();
    }
  }
  await flush();
  child.stdin.end();
  await done;
  await run("git", ["--git-dir", options.bareDir, "pack-refs", "--all"]);
  return tags;
}
