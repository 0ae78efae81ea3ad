import type { Db } from "../lib/platform/create-prisma-client";
import { recordAudit, systemActor } from "../lib/platform/audit";

interface DemoWorkload {
  slug: string;
  name: string;
  description: string;
  team: { slug: string; name: string; githubTeam: string };
  consumerRepo: string;
}

/** The demo org the emulators also seed: three workloads with Terragrunt consumer repos. */
export const demoWorkloads: DemoWorkload[] = [
  {
    slug: "payments",
    name: "Payments",
    description: "Card and bank payment processing.",
    team: { slug: "payments", name: "Payments team", githubTeam: "payments-team" },
    consumerRepo: "acme-platform/payments-infra",
  },
  {
    slug: "ledger",
    name: "Ledger",
    description: "Double-entry ledger and reconciliation.",
    team: { slug: "ledger", name: "Ledger team", githubTeam: "ledger-team" },
    consumerRepo: "acme-platform/ledger-infra",
  },
  {
    slug: "checkout",
    name: "Checkout",
    description: "Basket, pricing and checkout flows.",
    team: { slug: "checkout", name: "Checkout team", githubTeam: "checkout-team" },
    consumerRepo: "acme-platform/checkout-infra",
  },
];

/**
 * Creates the demo teams and workloads when they are missing. Idempotent: existing
 * rows are left exactly as they are, so re-running never undoes a user's edits.
 */
export async function seedDemoData(db: Db): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const demo of demoWorkloads) {
    await db.$transaction(async (tx) => {
      const team = await tx.team.upsert({
        where: { slug: demo.team.slug },
        create: { slug: demo.team.slug, name: demo.team.name, githubTeam: demo.team.githubTeam },
        update: {},
      });
      const existing = await tx.workload.findUnique({ where: { slug: demo.slug } });
      if (existing) return;
      const workload = await tx.workload.create({
        data: {
          slug: demo.slug,
          name: demo.name,
          description: demo.description,
          teamId: team.id,
          consumerRepo: demo.consumerRepo,
        },
      });
      await recordAudit(tx, {
        actor: systemActor("seed"),
        action: "workload.create",
        subject: { type: "workload", id: workload.id },
        after: { slug: workload.slug, team: team.slug, consumerRepo: workload.consumerRepo },
      });
      created.push(demo.slug);
    });
  }
  return { created };
}
