import type { CliIo } from "../cli-io";
import { registerServerOnly } from "../register-server-only";

const USAGE = "usage: npm run bulkhead -- audit verify   (reads DATABASE_URL)";

/**
 * `audit verify`: recomputes the audit log's hash chain and names the first row that does not
 * verify. Exit 0 when the chain holds, 1 when it is broken, 2 on bad usage or no database.
 */
export async function runAuditVerify(argv: string[], io: Pick<CliIo, "stdout" | "stderr">, env: Record<string, string | undefined> = process.env): Promise<number> {
  if (argv[0] !== "verify" || argv.length > 1) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    io.stderr(`DATABASE_URL is not set: the audit log lives in the portal's database.\n${USAGE}\n`);
    return 2;
  }
  // The store is an adapter marked server-only for Next; plain Node resolves that marker as React's server build does.
  registerServerOnly();
  const [{ createPrismaClient }, { createPrismaGovernanceStore }, { verifyAuditLog }] = await Promise.all([
    import("@/lib/platform/create-prisma-client"),
    import("@/lib/governance/adapters/prisma-governance-store"),
    import("@/lib/governance/verify-audit-log"),
  ]);
  const db = createPrismaClient(databaseUrl, { max: 2 });
  try {
    const result = await verifyAuditLog({ store: createPrismaGovernanceStore(db) });
    if (result.ok) {
      io.stdout(`audit chain verified: ${result.checked} rows, up to ${result.head.lastId ?? "(empty)"}, in ${result.durationMs} ms\n`);
      return 0;
    }
    const broken = result.broken!;
    io.stdout(`audit chain BROKEN at row ${broken.id}: ${broken.reason}: ${broken.message}\n(${result.checked} rows verified before it)\n`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}
