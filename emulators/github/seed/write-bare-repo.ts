import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { access, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { FileContent } from "./module-definition";

const execFileAsync = promisify(execFile);

export const seedAuthor = "Acme Platform <platform@acme.example>";

export interface SeedCommit {
  message: string;
  date: Date;
  /** Replace the whole tree instead of patching the previous one. */
  replaceTree?: boolean;
  /** Files or whole directories removed before `files` are written. */
  deletions?: string[];
  files: Record<string, FileContent>;
  /** Lightweight tags pointing at this commit. */
  tags?: string[];
}

export interface WriteBareRepoOptions {
  bareDir: string;
  description: string;
  /** Called only when the repo does not exist yet. Oldest first; dates must increase. */
  buildCommits: () => Promise<SeedCommit[]>;
}

/**
 * Writes a bare repo with the given history, unless `bareDir` already exists.
 *
 * One `git fast-import` builds the whole history, so seeding costs three processes per repo rather than
 * a few per commit, and the fixed author and dates make every object id reproducible. The repo is built
 * next to its final place and renamed in, so a crash never leaves a half-seeded repo that later runs skip.
 */
export async function writeBareRepo(options: WriteBareRepoOptions): Promise<{ created: boolean }> {
  if (await pathExists(options.bareDir)) return { created: false };
  const commits = await options.buildCommits();
  const parent = dirname(options.bareDir);
  await mkdir(parent, { recursive: true });
  const tmpDir = join(parent, `.${basename(options.bareDir)}.seeding-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await git(["init", "--quiet", "--bare", "--initial-branch=main", tmpDir]);
    await runFastImport(tmpDir, buildFastImportStream(commits));
    // Lets pushes through `git http-backend` work without an authenticated REMOTE_USER.
    await git(["-C", tmpDir, "config", "http.receivepack", "true"]);
    await writeFile(join(tmpDir, "description"), `${options.description}\n`);
    try {
      await rename(tmpDir, options.bareDir);
    } catch (error) {
      // A concurrent seed won the race: its repo is identical, keep it.
      if (await pathExists(options.bareDir)) {
        await rm(tmpDir, { recursive: true, force: true });
        return { created: false };
      }
      throw error;
    }
    return { created: true };
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true });
    throw error;
  }
}

function buildFastImportStream(commits: SeedCommit[]): Buffer {
  const chunks: Buffer[] = [Buffer.from("feature done\n")];
  let previousTime = -Infinity;
  commits.forEach((commit, index) => {
    const seconds = Math.floor(commit.date.getTime() / 1000);
    if (seconds <= previousTime) {
      throw new Error(`seed commit "${commit.message}" is not later than the one before it`);
    }
    previousTime = seconds;
    const mark = index + 1;
    const message = Buffer.from(commit.message.endsWith("\n") ? commit.message : `${commit.message}\n`);
    chunks.push(
      Buffer.from(
        `commit refs/heads/main\nmark :${mark}\n` +
          `author ${seedAuthor} ${seconds} +0000\ncommitter ${seedAuthor} ${seconds} +0000\n` +
          `data ${message.length}\n`,
      ),
      message,
      Buffer.from("\n"),
    );
    if (commit.replaceTree) chunks.push(Buffer.from("deleteall\n"));
    for (const path of commit.deletions ?? []) chunks.push(Buffer.from(`D ${checkPath(path)}\n`));
    for (const path of Object.keys(commit.files).sort()) {
      const content = commit.files[path] ?? "";
      const bytes = typeof content === "string" ? Buffer.from(content) : Buffer.from(content);
      chunks.push(Buffer.from(`M 100644 inline ${checkPath(path)}\ndata ${bytes.length}\n`), bytes, Buffer.from("\n"));
    }
    chunks.push(Buffer.from("\n"));
    for (const tag of commit.tags ?? []) chunks.push(Buffer.from(`reset refs/tags/${tag}\nfrom :${mark}\n\n`));
  });
  chunks.push(Buffer.from("done\n"));
  return Buffer.concat(chunks);
}

function checkPath(path: string): string {
  // fast-import would need C-style quoting for these; the seed never needs them.
  if (!/^[A-Za-z0-9._/@+-]+$/.test(path) || path.startsWith("/")) throw new Error(`unsupported seed path: ${path}`);
  return path;
}

function runFastImport(gitDir: string, stream: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", gitDir, "fast-import", "--quiet", "--date-format=raw"], {
      stdio: ["pipe", "ignore", "pipe"],
      env: gitEnv(),
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import exited with ${code}: ${stderr.trim()}`)),
    );
    child.stdin.end(stream);
  });
}

async function git(args: string[]): Promise<void> {
  await execFileAsync("git", args, { env: gitEnv() });
}

function gitEnv(): NodeJS.ProcessEnv {
  // The user's or system's git config (hooks, templates, default branch) must not change the seeded repos.
  return { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
