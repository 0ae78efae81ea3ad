import type { Db } from "../lib/platform/create-prisma-client";
import { recordAudit, systemActor } from "../lib/platform/audit";
import { tagPolicyKeysSchema } from "../lib/vending/core/tag-policy";
import { vendingSettingsSchema } from "../lib/vending/core/vending-settings";

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

/** The demo's mandatory-tag policy: what the product brief names, as an admin would set it. */
export const demoTagPolicy = tagPolicyKeysSchema.parse([
  { key: "CostCode", description: "Cost centre charged for the account, e.g. CC-1234", pattern: "^CC-[0-9]{4}$", whoMayChange: "lead" },
  { key: "Owner", description: "Email of the accountable owner", pattern: "^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$", whoMayChange: "lead" },
  { key: "DataClassification", description: "Most sensitive data the account will hold", allowedValues: ["public", "internal", "confidential", "restricted"], whoMayChange: "admin" },
  { key: "Workload", description: "The workload's slug", source: "derived", derivedFrom: "workload", whoMayChange: "nobody" },
  { key: "Environment", description: "dev, stage or prod", source: "derived", derivedFrom: "environment", whoMayChange: "nobody" },
]);

/**
 * The demo's vending settings: the AWS emulator's NonProd and Prod OUs as defaults, and the
 * GitHub emulator's provider repo and consumer template.
 */
export const demoVendingSettings = vendingSettingsSchema.parse({
  accountNamePattern: "{workload}-{env}",
  emailPattern: "aws+{workload}-{env}@acme.example",
  defaultOus: {
    dev: { id: "ou-7hq2-4nj7c1ye", name: "NonProd" },
    stage: { id: "ou-7hq2-4nj7c1ye", name: "NonProd" },
    prod: { id: "ou-7hq2-8pz3k5du", name: "Prod" },
  },
  tierEnvironments: { "1": ["dev", "stage", "prod"], "2": ["dev", "prod"], "3": ["dev"] },
  providerRepoOwner: "acme-platform",
  providerRepoName: "aws-accounts",
  templateRepoOwner: "acme-platform",
  templateRepoName: "consumer-template",
  consumerRepoOwner: "acme-platform",
  maxInFlight: 5,
});

/**
 * Sets the demo's tag policy and vending settings, each only while an admin has never saved
 * one: re-running never undoes an edit. Kept apart from `seedDemoData`, which integration
 * tests share, so that their database starts from the built-in defaults.
 */
export async function seedVendingDemo(db: Db): Promise<{ policy: boolean; settings: boolean }> {
  return db.$transaction(async (tx) => {
    const actor = systemActor("seed");
    const policy = (await tx.tagPolicyVersion.count()) === 0;
    if (policy) await tx.tagPolicyVersion.create({ data: { version: 1, keys: JSON.parse(JSON.stringify(demoTagPolicy)), note: "demo policy", createdByName: actor.label } });
    const { count } = await tx.vendingSettings.updateMany({
      where: { id: 1, revision: 0 },
      data: {
        accountNamePattern: demoVendingSettings.accountNamePattern,
        emailPattern: demoVendingSettings.emailPattern,
        defaultOus: demoVendingSettings.defaultOus,
        tierEnvironments: demoVendingSettings.tierEnvironments,
        providerRepoOwner: demoVendingSettings.providerRepoOwner,
        providerRepoName: demoVendingSettings.providerRepoName,
        templateRepoOwner: demoVendingSettings.templateRepoOwner,
        templateRepoName: demoVendingSettings.templateRepoName,
        consumerRepoOwner: demoVendingSettings.consumerRepoOwner,
        maxInFlight: demoVendingSettings.maxInFlight,
        revision: 1,
        updatedByName: actor.label,
        updatedAt: new Date(),
      },
    });
    // Audit events last: each insert holds the audit chain's lock until commit.
    if (policy) await recordAudit(tx, { actor, action: "vending.tag_policy.update", subject: { type: "tag_policy", id: "1" }, before: { version: 0 }, after: { version: 1, keys: demoTagPolicy } });
    if (count > 0) await recordAudit(tx, { actor, action: "vending.settings.update", subject: { type: "vending_settings", id: "1" }, before: { revision: 0 }, after: { revision: 1, ...demoVendingSettings } });
    return { policy, settings: count > 0 };
  });
}
