// The pages bench's baseline: a bare Next app with one heading, on the same next, react and
// react-dom as the portal. It lives in a temp dir (outside the worktree, so lint and type checks
// never see its build) whose node_modules is a symlink to the worktree's: no install, no
// network. Turbopack's root is set to / because the symlink resolves outside the app dir.
// Rebuilt only when its files or the installed Next change.
import { createHash } from "node:crypto";
import { mkdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildNextApp, repoRoot } from "./next-app-server";

export const bareAppDir = path.join(os.tmpdir(), `bulkhead-bench-bare-next-${createHash("sha256").update(repoRoot).digest("hex").slice(0, 8)}`);

async function readVersion(pkg: string): Promise<string> {
  const json = JSON.parse(await readFile(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8")) as { version: string };
  return json.version;
}

/** Writes (if changed) and builds (if stale) the bare app; returns its directory and versions. */
export async function ensureBareNextApp(log: (line: string) => void): Promise<{ dir: string; versions: string; build: string }> {
  const [next, react, reactDom] = await Promise.all([readVersion("next"), readVersion("react"), readVersion("react-dom")]);
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify({ name: "bare-next", private: true, dependencies: { next, react, "react-dom": reactDom } }, null, 2)}\n`,
    "next.config.mjs": `// node_modules links to ${repoRoot}; Turbopack needs a root that holds both.\nexport default { turbopack: { root: "/" } };\n`,
    "app/layout.jsx": `export const metadata = { title: "Bare Next" };\n\nexport default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`,
    "app/page.jsx": `export default function Page() {\n  return <h1>Hello from a bare Next page</h1>;\n}\n`,
  };
  await mkdir(bareAppDir, { recursive: true });
  const modulesLink = path.join(bareAppDir, "node_modules");
  const linked = await readlink(modulesLink).catch(() => null);
  if (linked !== path.join(repoRoot, "node_modules")) {
    if (linked !== null) throw new Error(`${modulesLink} links to ${linked}; remove ${bareAppDir} and run again`);
    await symlink(path.join(repoRoot, "node_modules"), modulesLink, "dir");
  }
  let changed = false;
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(bareAppDir, file);
    const existing = await readFile(target, "utf8").catch(() => null);
    if (existing === content) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    changed = true;
  }
  const built = await stat(path.join(bareAppDir, ".next/BUILD_ID")).catch(() => null);
  const nextInstalled = await stat(path.join(repoRoot, "node_modules/next/package.json"));
  let build = "reused";
  if (changed || !built || built.mtimeMs < nextInstalled.mtimeMs || process.env.BENCH_REBUILD === "1") {
    const ms = await buildNextApp({ cwd: bareAppDir, env: { ...process.env, NODE_ENV: "production" }, log });
    build = `built in ${Math.round(ms / 1000)} s`;
  }
  return { dir: bareAppDir, versions: `next ${next}, react ${react}, react-dom ${reactDom}`, build };
}
