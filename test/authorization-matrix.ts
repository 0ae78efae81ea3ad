/*
 * Who may call what: every route handler (each exported HTTP method of app/**\/route.ts) and
 * every server action (each export of app/**\/actions.ts and app/**\/form-actions.ts), called in-process as six people by
 * test/authorization-matrix.int.test.ts against a real database, and printed into
 * ARCHITECTURE.md by `npm run docs:matrix`. The test finds the routes and actions on disk: a
 * new one without an entry here fails it, and so does an entry whose route or action is gone.
 *
 * Adding a route or action is one line: its key, its access rule, and when the rule depends on
 * the input (a workload, a request id), the smallest input that reaches the check. A 422 after
 * the check counts as allowed; so does a 502 from GitHub, which the test points at a closed port.
 * Keep this file free of app imports: the docs script reads it without a database.
 */

/** The people every entry is called as. */
export const personas = ["anonymous", "dave", "alice", "lena", "bob", "carol"] as const;
export type Persona = (typeof personas)[number];

export const personaLabels: Record<Persona, string> = {
  anonymous: "anonymous",
  dave: "dave (signed in, no workload)",
  alice: "alice (builder of payments)",
  lena: "lena (lead of checkout, another workload)",
  bob: "bob (lead of payments)",
  carol: "carol (admin)",
};

/** allow: past the checks · deny: 401 or 403 · hide: 404, the thing is not shown to them. */
export type Outcome = "allow" | "deny" | "hide";

/** The rule an entry follows. "This workload" is payments, the workload the entry's input names. */
export const accessRules = {
  public: { label: "anyone, signed in or not", outcomes: { anonymous: "allow", dave: "allow", alice: "allow", lena: "allow", bob: "allow", carol: "allow" } },
  "signed-in": { label: "anyone signed in", outcomes: { anonymous: "deny", dave: "allow", alice: "allow", lena: "allow", bob: "allow", carol: "allow" } },
  member: { label: "builders and leads of this workload, admins", outcomes: { anonymous: "deny", dave: "deny", alice: "allow", lena: "deny", bob: "allow", carol: "allow" } },
  "team-lead": { label: "leads of the workload's team, admins", outcomes: { anonymous: "deny", dave: "deny", alice: "deny", lena: "deny", bob: "allow", carol: "allow" } },
  "workload-lead": { label: "leads of this workload, admins", outcomes: { anonymous: "deny", dave: "deny", alice: "deny", lena: "deny", bob: "allow", carol: "allow" } },
  admin: { label: "admins", outcomes: { anonymous: "deny", dave: "deny", alice: "deny", lena: "deny", bob: "deny", carol: "allow" } },
} as const satisfies Record<string, { label: string; outcomes: Record<Persona, Outcome> }>;

export type AccessRule = keyof typeof accessRules;

/** What the test sets up before the calls; inputs and URLs are built from it. */
export interface MatrixFixtures {
  /** payments, the workload alice builds and bob leads. */
  workload: string;
  /** A module of the catalogue, with two versions. */
  module: { owner: string; repo: string; name: string; provider: string; versionId: string; version: string; olderVersion: string };
  /** A module version only the status actions touch. */
  statusVersionId: string;
  /** A module source the admin actions touch. */
  sourceId: string;
  /** An open consumption of payments on an older vpc version (the estate's upgrade action). */
  consumptionId: string;
  /** A failed scaffold request of payments. */
  scaffoldId: string;
  /** An account set request of payments by bob, waiting for a decision. */
  accountSetId: string;
  /** An active AWS account of payments, its recorded tags compliant with the demo policy. */
  awsAccountId: string;
  /** bob's tag change request (CostCode) of that account, waiting for a decision. */
  tagChangeId: string;
  /** Two more of bob's waiting requests, each on its own account: the two cancel entries withdraw one each. */
  cancelTagChangeIds: { route: string; action: string };
  /** An open drift finding (Owner) on that account. */
  driftFindingId: string;
  /** A fresh key per call, for idempotent creates. */
  key: () => string;
  /** A signed GitHub webhook delivery: body and headers. */
  webhook: () => { body: string; headers: Record<string, string> };
}

export interface RouteCall {
  /** Segment values, e.g. { slug: "payments" }. */
  params?: Record<string, string | string[]>;
  /** The path to request when it differs from the route's (catch-all routes). */
  path?: string;
  query?: string;
  /** A JSON body, or raw text with headers. */
  body?: unknown;
  raw?: { body: string; headers: Record<string, string> };
}

export interface RouteEntry {
  access: AccessRule;
  /** Outcomes that differ from the rule's, with the reason in `note`. */
  except?: Partial<Record<Persona, Outcome>>;
  note?: string;
  call?: (f: MatrixFixtures) => RouteCall;
}

export interface ActionEntry {
  access: AccessRule;
  except?: Partial<Record<Persona, Outcome>>;
  note?: string;
  /** The action's arguments. */
  args?: (f: MatrixFixtures) => unknown[];
}

const scaffoldInput = (f: MatrixFixtures) => ({ workload: f.workload, moduleVersionId: f.module.versionId, env: "dev", region: "eu-west-1", unitName: "matrix-vpc", values: {} });
const moduleParams = (f: MatrixFixtures) => ({ owner: f.module.owner, repo: f.module.repo, module: f.module.name });
const registryParams = (f: MatrixFixtures) => ({ namespace: f.module.owner, name: f.module.name, provider: f.module.provider });
const registration = (f: MatrixFixtures) => ({ slug: `m-${f.key().slice(0, 12)}`, name: "Matrix", teamSlug: "payments", consumerRepo: "acme-platform/matrix-infra" });
const accountSetInput = (f: MatrixFixtures) => ({
  idempotencyKey: f.key().replace(/^matrix-/, ""),
  workload: { kind: "existing", slug: f.workload },
  tier: 3,
  sso: { firstName: "Bob", lastName: "Lead", email: "bob@acme.example" },
  tags: { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" },
});
const tagChangeInput = (f: MatrixFixtures) => ({ idempotencyKey: f.key(), accounts: { awsAccountIds: [f.awsAccountId] }, changes: { CostCode: "CC-4321" }, reason: "matrix" });
// A value the demo policy refuses: past the checks the request is refused (422) and nothing is written.
const policyFixInput = (f: MatrixFixtures) => ({ idempotencyKey: f.key(), changes: { CostCode: "not-a-cost-code" }, reason: "matrix" });
const settleInput = (f: MatrixFixtures) => ({ action: "dismiss", reason: "matrix", idempotencyKey: f.key() });
const signInForm = () => {
  const form = new FormData();
  form.set("provider", "oidc");
  form.set("callbackUrl", "/");
  return form;
};

/** Route handlers, keyed "<METHOD> <path under app/, route groups left out>". */
export const routeMatrix: Record<string, RouteEntry> = {
  "GET /.well-known/terraform.json": { access: "public", note: "Terraform service discovery" },
  "GET /api/audit": { access: "admin", call: () => ({ query: "action=auth." }) },
  "GET /api/audit/export": { access: "admin", call: () => ({ query: "action=auth." }) },
  "GET /api/audit/verify": { access: "admin", note: "recomputes the hash chain" },
  "GET /api/estate/export": { access: "signed-in", call: () => ({ query: "kind=estate" }) },
  "GET /api/auth/[...nextauth]": { access: "public", note: "Auth.js", call: () => ({ path: "/api/auth/providers", params: { nextauth: ["providers"] } }) },
  "POST /api/auth/[...nextauth]": { access: "public", note: "Auth.js", call: () => ({ path: "/api/auth/signout", params: { nextauth: ["signout"] }, body: {} }) },
  "GET /api/account-sets": { access: "signed-in", note: "lists what the caller may follow" },
  "POST /api/account-sets": { access: "workload-lead", call: (f) => ({ body: accountSetInput(f) }) },
  "GET /api/account-sets/[id]": {
    access: "member",
    except: { dave: "hide", lena: "hide" },
    note: "the requester, the workload's members, admins; hidden from others",
    call: (f) => ({ params: { id: f.accountSetId } }),
  },
  "POST /api/account-sets/[id]/decision": { access: "admin", note: "never the requester (four-eyes)", call: (f) => ({ params: { id: f.accountSetId }, body: { decision: "reject", reason: "matrix" } }) },
  "POST /api/account-sets/[id]/retry": { access: "admin", call: (f) => ({ params: { id: f.accountSetId }, body: {} }) },
  "GET /api/accounts": { access: "signed-in", note: "the organization's accounts" },
  "GET /api/accounts/non-compliant": { access: "admin" },
  "GET /api/drift-findings": { access: "admin" },
  "POST /api/drift-findings/[id]/settle": { access: "admin", call: (f) => ({ params: { id: f.driftFindingId }, body: settleInput(f) }) },
  "POST /api/drift-findings/scan": { access: "admin", note: "AWS is a closed port here: every account is skipped" },
  "GET /api/catalogue/modules": { access: "signed-in" },
  "GET /api/catalogue/modules/[owner]/[repo]/[module]": { access: "signed-in", call: (f) => ({ params: moduleParams(f) }) },
  "GET /api/catalogue/modules/[owner]/[repo]/[module]/compare": { access: "signed-in", call: (f) => ({ params: moduleParams(f), query: `from=${f.module.olderVersion}&to=${f.module.version}` }) },
  "POST /api/github/webhooks": { access: "public", note: "trusted by its signature, not a session", call: (f) => ({ raw: f.webhook() }) },
  "GET /api/health": { access: "public", note: "the database version for admins only" },
  "GET /api/scaffolds": { access: "signed-in", note: "lists what the caller may see" },
  "POST /api/scaffolds": { access: "member", call: (f) => ({ body: { ...scaffoldInput(f), idempotencyKey: f.key() } }) },
  "GET /api/scaffolds/[id]": { access: "member", note: "a request's inputs and files are the workload's", call: (f) => ({ params: { id: f.scaffoldId } }) },
  "POST /api/scaffolds/[id]/retry": { access: "member", call: (f) => ({ params: { id: f.scaffoldId } }) },
  "POST /api/scaffolds/preview": { access: "member", call: (f) => ({ body: scaffoldInput(f) }) },
  "GET /api/tag-changes": { access: "signed-in", note: "all for admins, one's own for others" },
  "POST /api/tag-changes": {
    access: "workload-lead",
    note: "one account for a lead of its workload; 409 names the open request",
    call: (f) => ({ body: tagChangeInput(f) }),
  },
  "GET /api/tag-changes/[id]": {
    access: "member",
    except: { dave: "hide", lena: "hide" },
    note: "the requester, the accounts' workload members, admins; hidden from others",
    call: (f) => ({ params: { id: f.tagChangeId } }),
  },
  "POST /api/tag-changes/[id]/cancel": { access: "workload-lead", note: "the requester while it waits, admins", call: (f) => ({ params: { id: f.cancelTagChangeIds.route }, body: { reason: "matrix" } }) },
  "POST /api/tag-changes/[id]/decision": { access: "admin", note: "never the requester (four-eyes)", call: (f) => ({ params: { id: f.tagChangeId }, body: { decision: "reject", reason: "matrix" } }) },
  "POST /api/tag-changes/[id]/retry": { access: "admin", call: (f) => ({ params: { id: f.tagChangeId } }) },
  "POST /api/tag-changes/policy-fix": { access: "admin", call: (f) => ({ body: policyFixInput(f) }) },
  "POST /api/workloads": { access: "team-lead", call: (f) => ({ body: registration(f) }) },
  "GET /api/workloads/[slug]": { access: "signed-in", note: "workloads are visible to all", call: (f) => ({ params: { slug: f.workload } }) },
  "GET /api/workloads/[slug]/audit": { access: "workload-lead", call: (f) => ({ params: { slug: f.workload } }) },
  "POST /api/workloads/[slug]/promotions": {
    access: "member",
    call: (f) => ({ params: { slug: f.workload }, body: { unitPath: "dev/eu-west-1/vpc/terragrunt.hcl", toEnv: "stage", idempotencyKey: f.key() } }),
  },
  "POST /api/workloads/[slug]/scan": { access: "member", call: (f) => ({ params: { slug: f.workload } }) },
  "GET /v1/modules/[namespace]/[name]/[provider]/[version]/download": { access: "public", note: "Terraform registry protocol", call: (f) => ({ params: { ...registryParams(f), version: f.module.version } }) },
  "GET /v1/modules/[namespace]/[name]/[provider]/versions": { access: "public", note: "Terraform registry protocol", call: (f) => ({ params: registryParams(f) }) },
};

/** Server actions, keyed "<file under app/>#<export>". */
export const actionMatrix: Record<string, ActionEntry> = {
  "(portal)/actions.ts#signOutAction": { access: "public", note: "ends the caller's own session, if any" },
  "(portal)/accounts/actions.ts#decideAccountSetAction": { access: "admin", note: "never the requester (four-eyes)", args: (f) => [{ id: f.accountSetId, decision: "reject", reason: "matrix" }] },
  "(portal)/accounts/actions.ts#getAccountSetAction": {
    access: "member",
    except: { dave: "hide", lena: "hide" },
    note: "the requester, the workload's members, admins; hidden from others",
    args: (f) => [{ id: f.accountSetId }],
  },
  "(portal)/accounts/actions.ts#importAccountsAction": { access: "admin" },
  "(portal)/accounts/actions.ts#requestAccountSetAction": { access: "workload-lead", args: (f) => [accountSetInput(f)] },
  "(portal)/accounts/actions.ts#retryAccountSetAction": { access: "admin", args: (f) => [{ id: f.accountSetId }] },
  "(portal)/admin/vending/actions.ts#saveTagPolicyAction": {
    access: "admin",
    note: "the matrix names a stale version: refused, nothing saved",
    args: () => [{ keys: [{ key: "CostCode", pattern: "CC-[0-9]{4}" }], baseVersion: 999, note: "matrix" }],
  },
  "(portal)/admin/vending/actions.ts#saveVendingSettingsAction": {
    access: "admin",
    note: "the matrix names a stale revision: refused, nothing saved",
    args: () => [{ settings: { accountNamePattern: "{workload}-{env}", emailPattern: "aws+{workload}-{env}@corp.example", tierEnvironments: { "1": ["dev"] } }, baseRevision: 999 }],
  },
  "(portal)/admin/governance/actions.ts#detectDriftAction": { access: "admin", note: "AWS is a closed port here: every account is skipped" },
  "(portal)/admin/governance/actions.ts#requestPolicyFixAction": { access: "admin", args: (f) => [policyFixInput(f)] },
  "(portal)/admin/governance/actions.ts#settleDriftFindingAction": { access: "admin", args: (f) => [{ ...settleInput(f), findingId: f.driftFindingId }] },
  "(portal)/admin/governance/actions.ts#verifyAuditChainAction": { access: "admin" },
  "(portal)/admin/sessions/actions.ts#revokeSessionAction": { access: "admin", except: { carol: "hide" }, note: "admin only; the matrix names a session that does not exist", args: () => [{ sessionId: "matrix-session-that-does-not-exist" }] },
  "(portal)/admin/sessions/actions.ts#revokeUserSessionsAction": { access: "admin", except: { carol: "hide" }, note: "admin only; the matrix names a user that does not exist", args: () => [{ userId: "00000000-0000-4000-8000-000000000000" }] },
  "(portal)/admin/catalogue/actions.ts#addModuleSourceAction": { access: "admin", args: () => [{ repository: "acme-platform/matrix-modules", layout: "monorepo" }] },
  "(portal)/admin/catalogue/actions.ts#resyncSourceAction": { access: "admin", args: (f) => [{ sourceId: f.sourceId }] },
  "(portal)/admin/catalogue/actions.ts#setSourceEnabledAction": { access: "admin", args: (f) => [{ sourceId: f.sourceId, enabled: true }] },
  "(portal)/admin/catalogue/actions.ts#setSourceDefaultOwnersAction": { access: "admin", args: (f) => [{ sourceId: f.sourceId, defaultOwners: ["@acme-platform/platform"] }] },
  "(portal)/estate/actions.ts#openUpgradePullRequestAction": { access: "member", args: (f) => [{ consumptionId: f.consumptionId }] },
  "(portal)/estate/actions.ts#openUpgradePullRequestsAction": { access: "member", note: "every selected unit's workload", args: (f) => [{ consumptionIds: [f.consumptionId] }] },
  "(portal)/estate/actions.ts#setNoticeIssuesAction": { access: "workload-lead", note: "turns GitHub issues for the workload's notices off (already off: nothing changes)", args: (f) => [{ workload: f.workload, enabled: false }] },
  "(portal)/admin/estate/actions.ts#saveEstateSettingsAction": {
    access: "admin",
    note: "the matrix sends a negative day count: refused (422), nothing saved",
    args: () => [{ policy: { major: -1, minor: 60, patch: 30, vulnerable: 7, deprecated: 30, dueSoonDays: 7 } }],
  },
  "(portal)/estate/actions.ts#markNoticesReadAction": { access: "signed-in", args: () => [{ noticeIds: ["00000000-0000-4000-8000-000000000000"] }] },
  "(portal)/admin/catalogue/actions.ts#setVersionStatusAction": { access: "admin", args: (f) => [{ versionId: f.statusVersionId, action: "deprecate", reason: "matrix" }] },
  "(portal)/scaffold/actions.ts#createScaffoldAction": { access: "member", args: (f) => [{ ...scaffoldInput(f), idempotencyKey: f.key() }] },
  "(portal)/scaffold/actions.ts#getScaffoldAction": { access: "member", note: "a request's inputs and files are the workload's", args: (f) => [{ id: f.scaffoldId }] },
  "(portal)/scaffold/actions.ts#previewScaffoldAction": { access: "member", args: (f) => [scaffoldInput(f)] },
  "(portal)/scaffold/actions.ts#retryScaffoldAction": { access: "member", args: (f) => [{ id: f.scaffoldId }] },
  "(portal)/tag-changes/actions.ts#cancelTagChangeAction": { access: "workload-lead", note: "the requester while it waits, admins", args: (f) => [{ id: f.cancelTagChangeIds.action, reason: "matrix" }] },
  "(portal)/tag-changes/actions.ts#decideTagChangeAction": { access: "admin", note: "never the requester (four-eyes)", args: (f) => [{ id: f.tagChangeId, decision: "reject", reason: "matrix" }] },
  "(portal)/tag-changes/actions.ts#getTagChangeAction": {
    access: "member",
    except: { dave: "hide", lena: "hide" },
    note: "the requester, the accounts' workload members, admins; hidden from others",
    args: (f) => [{ id: f.tagChangeId }],
  },
  "(portal)/tag-changes/actions.ts#requestTagChangeAction": { access: "workload-lead", note: "one account for a lead of its workload; a conflict names the open request", args: (f) => [tagChangeInput(f)] },
  "(portal)/tag-changes/actions.ts#retryTagChangeAction": { access: "admin", args: (f) => [{ id: f.tagChangeId }] },
  "(portal)/workloads/[slug]/promote/actions.ts#loadVersionFormAction": { access: "signed-in", note: "the form of a catalogue version", args: (f) => [f.module.versionId] },
  "(portal)/workloads/[slug]/promote/actions.ts#previewPromotionAction": {
    access: "member",
    note: "writes nothing; the source unit is the workload's",
    args: (f) => [{ workload: f.workload, unitPath: "dev/eu-west-1/vpc/terragrunt.hcl", toEnv: "stage", idempotencyKey: f.key() }],
  },
  "(portal)/workloads/[slug]/promote/actions.ts#promoteUnitAction": {
    access: "member",
    args: (f) => [{ workload: f.workload, unitPath: "dev/eu-west-1/vpc/terragrunt.hcl", toEnv: "stage", idempotencyKey: f.key() }],
  },
  "(portal)/workloads/new/actions.ts#registerWorkloadAction": { access: "team-lead", args: (f) => [registration(f)] },
  "signin/actions.ts#signInAction": { access: "public", note: "starts sign-in", args: () => [signInForm()] },
};

/** The outcome an entry expects for a persona. */
export function expectedOutcome(entry: RouteEntry | ActionEntry, persona: Persona): Outcome {
  return entry.except?.[persona] ?? accessRules[entry.access].outcomes[persona];
}

const mark: Record<Outcome, string> = { allow: "✓", deny: "✗", hide: "✗ 404" };

/** The matrix as a markdown table, for ARCHITECTURE.md. */
export function renderAuthorizationMatrix(): string {
  const head = `| route or action | ${personas.map((p) => personaLabels[p]).join(" | ")} | rule |`;
  const rule = `|---|${personas.map(() => ":-:").join("|")}|---|`;
  const row = (name: string, entry: RouteEntry | ActionEntry) =>
    `| ${name} | ${personas.map((p) => mark[expectedOutcome(entry, p)]).join(" | ")} | ${accessRules[entry.access].label}${entry.note ? `; ${entry.note}` : ""} |`;
  const routes = Object.keys(routeMatrix)
    .sort((a, b) => a.split(" ")[1]!.localeCompare(b.split(" ")[1]!) || a.localeCompare(b))
    .map((key) => row(`\`${key.replace(/\|/g, "\\|")}\``, routeMatrix[key]!));
  const actions = Object.keys(actionMatrix)
    .sort()
    .map((key) => {
      const [file, name] = key.split("#");
      return row(`action \`${name}\` (\`app/${file}\`)`, actionMatrix[key]!);
    });
  return [head, rule, ...routes, ...actions].join("\n");
}
