import { accountFactoryProduct, SSO_USER_PORTAL } from "./account-factory-product.js";
import { stableId } from "./aws-ids.js";
import type { AccountState, AwsState, OrgAccount, OrgUnit, ProvisionedProduct, ProvisionRecord, ProvisioningSettings, TagEntry } from "./aws-state.js";

export const SEED_ORGANIZATION = {
  id: "o-7hq2m4x9ka",
  managementAccountId: "318274650912",
  managementAccountEmail: "aws-management@acme.example",
};
export const SEED_ROOT_ID = "r-7hq2";

/** The OU tree: Security, Sandbox and Workloads (NonProd, Prod) are registered with Control Tower; Suspended is not. */
export const SEED_OUS: OrgUnit[] = [
  { id: "ou-7hq2-5s8kd2mf", name: "Security", parentId: SEED_ROOT_ID, enrolled: true },
  { id: "ou-7hq2-9b3xn4qa", name: "Sandbox", parentId: SEED_ROOT_ID, enrolled: true },
  { id: "ou-7hq2-2wv6p8rt", name: "Workloads", parentId: SEED_ROOT_ID, enrolled: true },
  { id: "ou-7hq2-4nj7c1ye", name: "NonProd", parentId: "ou-7hq2-2wv6p8rt", enrolled: true },
  { id: "ou-7hq2-8pz3k5du", name: "Prod", parentId: "ou-7hq2-2wv6p8rt", enrolled: true },
  { id: "ou-7hq2-1xg9m2hc", name: "Suspended", parentId: SEED_ROOT_ID, enrolled: false },
];

const ouId = (name: string): string => {
  const ou = SEED_OUS.find((candidate) => candidate.name === name);
  if (!ou) throw new Error(`seed OU ${name} missing`);
  return ou.id;
};

interface SeedAccount {
  id: string;
  name: string;
  email: string;
  parent: string;
  state?: AccountState;
  joined: string;
  tags: Record<string, string>;
  /** Vended through Account Factory, so a provisioned product of the same name exists. */
  vended: boolean;
  owner?: { first: string; last: string; email: string };
}

const tags = (costCode: string | null, owner: string, workload: string, environment: string, dataClassification: string): Record<string, string> => ({
  ...(costCode ? { CostCode: costCode } : {}),
  Owner: owner,
  Workload: workload,
  Environment: environment,
  DataClassification: dataClassification,
});

const bob = { first: "Bob", last: "Baker", email: "bob@acme.example" };
const erin = { first: "Erin", last: "Evans", email: "erin@acme.example" };

/**
 * The estate. The workload account ids are the ones the GitHub emulator's consumer repos pin in
 * `<env>/account.hcl` (a test keeps them equal). `checkout-stage` lacks its CostCode tag on purpose:
 * governance has drift to find from the start.
 */
export const SEED_ACCOUNTS: SeedAccount[] = [
  { id: "318274650912", name: "acme-management", email: "aws-management@acme.example", parent: SEED_ROOT_ID, joined: "2022-03-14T10:02:11Z", tags: tags("CC-1000", "platform-team@acme.example", "platform", "prod", "internal"), vended: false },
  { id: "536102947384", name: "log-archive", email: "aws-log-archive@acme.example", parent: "Security", joined: "2022-03-14T10:41:57Z", tags: tags("CC-1000", "platform-team@acme.example", "platform", "prod", "confidential"), vended: false },
  { id: "536102947391", name: "audit", email: "aws-audit@acme.example", parent: "Security", joined: "2022-03-14T10:42:03Z", tags: tags("CC-1000", "security-team@acme.example", "platform", "prod", "confidential"), vended: false },
  { id: "640285193756", name: "sandbox-platform", email: "aws+sandbox-platform@acme.example", parent: "Sandbox", joined: "2023-01-09T08:15:40Z", tags: tags("CC-1000", "platform-team@acme.example", "platform", "sandbox", "public"), vended: true, owner: { first: "Carol", last: "Chen", email: "carol@acme.example" } },
  { id: "421938475610", name: "payments-dev", email: "aws+payments-dev@acme.example", parent: "NonProd", joined: "2023-05-22T13:20:05Z", tags: tags("CC-2101", "payments-team@acme.example", "payments", "dev", "internal"), vended: true, owner: bob },
  { id: "421938475627", name: "payments-stage", email: "aws+payments-stage@acme.example", parent: "NonProd", joined: "2023-05-22T13:48:31Z", tags: tags("CC-2101", "payments-team@acme.example", "payments", "stage", "confidential"), vended: true, owner: bob },
  { id: "421938475634", name: "payments-prod", email: "aws+payments-prod@acme.example", parent: "Prod", joined: "2023-05-22T14:16:12Z", tags: tags("CC-2101", "payments-team@acme.example", "payments", "prod", "restricted"), vended: true, owner: bob },
  { id: "583920174465", name: "ledger-dev", email: "aws+ledger-dev@acme.example", parent: "NonProd", joined: "2023-09-04T09:05:44Z", tags: tags("CC-2204", "ledger-team@acme.example", "ledger", "dev", "confidential"), vended: true, owner: bob },
  { id: "583920174472", name: "ledger-stage", email: "aws+ledger-stage@acme.example", parent: "NonProd", joined: "2023-09-04T09:33:19Z", tags: tags("CC-2204", "ledger-team@acme.example", "ledger", "stage", "confidential"), vended: true, owner: bob },
  { id: "583920174489", name: "ledger-prod", email: "aws+ledger-prod@acme.example", parent: "Prod", joined: "2023-09-04T10:01:52Z", tags: tags("CC-2204", "ledger-team@acme.example", "ledger", "prod", "restricted"), vended: true, owner: bob },
  { id: "709513628840", name: "checkout-dev", email: "aws+checkout-dev@acme.example", parent: "NonProd", joined: "2024-02-12T15:37:08Z", tags: tags("CC-2307", "checkout-team@acme.example", "checkout", "dev", "internal"), vended: true, owner: erin },
  { id: "709513628857", name: "checkout-stage", email: "aws+checkout-stage@acme.example", parent: "NonProd", joined: "2024-02-12T16:04:26Z", tags: tags(null, "checkout-team@acme.example", "checkout", "stage", "internal"), vended: true, owner: erin },
  { id: "709513628864", name: "checkout-prod", email: "aws+checkout-prod@acme.example", parent: "Prod", joined: "2024-02-12T16:31:50Z", tags: tags("CC-2307", "checkout-team@acme.example", "checkout", "prod", "confidential"), vended: true, owner: erin },
  { id: "275016384920", name: "legacy-reporting", email: "aws+legacy-reporting@acme.example", parent: "Suspended", state: "SUSPENDED", joined: "2022-06-30T11:12:13Z", tags: tags("CC-1900", "data-team@acme.example", "reporting", "prod", "confidential"), vended: false },
];

function toTagEntries(record: Record<string, string>): TagEntry[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
}

/** A fresh organization with the demo estate, and the Account Factory history of its vended accounts. */
export function seedState(settings: ProvisioningSettings): AwsState {
  const accounts: OrgAccount[] = [];
  const provisionedProducts: ProvisionedProduct[] = [];
  const records: ProvisionRecord[] = [];
  const tagsById: Record<string, TagEntry[]> = {};
  const artifact = accountFactoryProduct.artifacts[0]!;
  const path = accountFactoryProduct.launchPaths[0]!;
  for (const seed of SEED_ACCOUNTS) {
    const parentId = seed.parent === SEED_ROOT_ID ? SEED_ROOT_ID : ouId(seed.parent);
    const joinedAt = Date.parse(seed.joined);
    accounts.push({ id: seed.id, name: seed.name, email: seed.email, parentId, state: seed.state ?? "ACTIVE", joinedMethod: "CREATED", joinedAt });
    tagsById[seed.id] = toTagEntries(seed.tags);
    if (!seed.vended || !seed.owner) continue;
    const ppId = stableId("pp", seed.name);
    const recordId = stableId("rec", seed.name);
    const startedAt = joinedAt - 27 * 60_000;
    const ou = SEED_OUS.find((candidate) => candidate.id === parentId)!;
    provisionedProducts.push({
      id: ppId,
      name: seed.name,
      status: "AVAILABLE",
      statusMessage: null,
      createdAt: startedAt,
      idempotencyToken: stableId("token", seed.name, 32),
      lastRecordId: recordId,
      lastSuccessfulRecordId: recordId,
      productId: accountFactoryProduct.id,
      artifactId: artifact.id,
      tags: [],
      accountId: seed.id,
    });
    records.push({
      id: recordId,
      provisionedProductId: ppId,
      provisionedProductName: seed.name,
      status: "SUCCEEDED",
      createdAt: startedAt,
      updatedAt: joinedAt,
      inProgressAt: startedAt + 5_000,
      completeAt: joinedAt,
      provisionToken: stableId("token", seed.name, 32),
      productId: accountFactoryProduct.id,
      artifactId: artifact.id,
      pathId: path.id,
      parameters: {
        AccountName: seed.name,
        AccountEmail: seed.email,
        SSOUserEmail: seed.owner.email,
        SSOUserFirstName: seed.owner.first,
        SSOUserLastName: seed.owner.last,
        ManagedOrganizationalUnit: `${ou.name} (${ou.id})`,
      },
      ouId: ou.id,
      tags: [],
      scriptedError: null,
      outputs: [
        { OutputKey: "AccountId", OutputValue: seed.id },
        { OutputKey: "AccountEmail", OutputValue: seed.email },
        { OutputKey: "SSOUserEmail", OutputValue: seed.owner.email },
        { OutputKey: "SSOUserPortal", OutputValue: SSO_USER_PORTAL },
      ],
      errors: [],
    });
  }
  for (const ou of SEED_OUS) tagsById[ou.id] = ou.enrolled ? [{ Key: "ManagedBy", Value: "control-tower" }] : [];
  return {
    version: 1,
    organization: { ...SEED_ORGANIZATION },
    roots: [{ id: SEED_ROOT_ID, name: "Root" }],
    ous: SEED_OUS.map((ou) => ({ ...ou })),
    accounts,
    tags: tagsById,
    provisionedProducts,
    records,
    settings: { ...settings },
    peakInFlight: 0,
    failures: [],
    throttles: [],
    delays: [],
    events: [],
    nextRuleId: 1,
  };
}
