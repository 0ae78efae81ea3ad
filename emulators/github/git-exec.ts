import { spawn } from "node:child_process";

/** Raised when a git command exits non-zero; carries stderr for diagnostics. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} exited with ${exitCode}: ${stderr.trim()}`);
    this.name = "GitCommandError";
  }
}

export interface RunGitOptions {
  /** The bare repository to run in (passed as --git-dir). */
  gitDir?: string;
  args: readonly string[];
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are not errors (e.g. 1 for merge-tree conflicts). */
  okExitCodes?: readonly number[];
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/** Base environment for every git child: never prompt, never read the user's global config. */
export function gitEnv(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    ...extra,
  };
}

/** Runs git with an argument vector (never a shell string) and collects its output. */
export function runGit(options: RunGitOptions): Promise<GitResult> {
  const args = options.gitDir ? ["--git-dir", options.gitDir, ...options.args] : [...options.args];
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { env: gitEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const exitCode = code ?? -1;
      const stderr = Buffer.concat(err).toString("utf8");
      const ok = exitCode === 0 || (options.okExitCodes ?? []).includes(exitCode);
      if (!ok) reject(new GitCommandError(args, exitCode, stderr));
      else resolve({ stdout: Buffer.concat(out), stderr, exitCode });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}
