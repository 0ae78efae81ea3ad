// `npm run bulkhead -- <command>`: the project's CLI. Each command lives in
// lib/cli/commands/<name>.ts and returns an exit code.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { CliIo } from "./cli-io";

interface Command {
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

const commands: Record<string, Command> = {
  "module-docs": {
    summary: "module-docs <dir> [--format json|markdown]   print the docs extracted from a local module",
    run: async (argv, io) => (await import("./commands/module-docs")).runModuleDocs(argv, io),
  },
  audit: {
    summary: "audit verify   check the audit log's hash chain and name the first broken row (reads DATABASE_URL)",
    run: async (argv, io) => (await import("./commands/audit-verify")).runAuditVerify(argv, io),
  },
  render: {
    summary:
      "render --source <git URL> --ref <tag> --inputs <file.json> [--style terragrunt|terraform] [--name <unit>] [--module-dir <dir>]",
    run: async (argv, io) => (await import("./commands/render")).runRender(argv, io),
  },
};

function usage(): string {
  return ["usage: npm run bulkhead -- <command> [options]", "", "commands:", ...Object.values(commands).map((c) => `  ${c.summary}`)].join(
    "\n",
  );
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.stdout(usage() + "\n");
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  return command.run(rest, io);
}

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, "utf8"),
};

// Only the exit code is set: process.exit() would end the process while stdout still
// holds queued output (a pipe takes 64 KiB at a time), cutting `module-docs … | jq` short.
// Node exits by itself once everything is written.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      io.stderr(`${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
