const demoUsers = [
  ["alice", "builder on payments"],
  ["bob", "lead of payments and ledger"],
  ["carol", "platform admin"],
  ["dave", "builder with no workload"],
] as const;

/** The start-up message: where the portal is and who can sign in. */
export function demoUsersBanner(options: {
  appUrl: string;
  database: string;
  emulators: Record<string, string>;
  startupMs: number;
}): string {
  const lines = [
    "",
    `  Bulkhead is running at ${options.appUrl}  (ready ${(options.startupMs / 1000).toFixed(1)} s after start)`,
    "",
    `  Database:  ${options.database}`,
    ...Object.entries(options.emulators).map(([name, url]) => `  Emulator:  ${name.padEnd(8)} ${url}`),
    "",
    "  Demo users (sign in through the dev IdP, no password):",
    ...demoUsers.map(([name, role]) => `    ${name.padEnd(6)} ${role}`),
    "",
    "  Press Ctrl-C once to stop everything.",
    "",
  ];
  return lines.join("\n");
}
