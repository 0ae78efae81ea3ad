import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { DbTx } from "../create-prisma-client";

/*
 * What an audit row's subject is called and where it lives in the portal, and which workload it
 * belongs to (for the leads' view). The platform may not import the domains, so this reads their
 * tables directly, read-only, one query per subject type per page of rows. A subject type that
 * is not listed here, or a row whose subject is gone, falls back to its type and id.
 *
 * Adding a subject type is one entry in `subjectTypes`: `name` for the label and link, and
 * `workloadSubjects` when leads of a workload should see its rows.
 */

export interface SubjectLink {
  /** What people call it: "payments", "vpc 1.4.0 (acme/iac-modules)". */
  name: string;
  /** Where it lives in the portal, or null when it has no page. */
  href: string | null;
}

interface SubjectType {
  /** Human label of the type, for the filter's select. */
  label: string;
  /** Names and links of these subjects, by subject id. Ids that resolve to nothing are left out. */
  name?: (db: DbTx, ids: string[]) => Promise<Map<string, SubjectLink>>;
  /**
   * SQL that selects the subject ids (as text) of this type that belong to the workloads in
   * `workloadIds` (a uuid[] parameter). Types without it are never shown to leads.
   */
  workloadSubjects?: (workloadIds: Prisma.Sql) => Prisma.Sql;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AWS_ACCOUNT_ID = /^\d{12}$/;
/** Subject ids are free text; uuid columns must only ever be asked about uuids. */
const uuids = (ids: string[]) => ids.filter((id) => UUID.test(id));

const enc = encodeURIComponent;
// The same paths as components/catalogue/module-href.ts; lib may not import components.
const moduleHref = (m: { owner: string; repo: string; name: string }, version?: string) =>
  `/catalogue/${enc(m.owner)}/${enc(m.repo)}/${enc(m.name)}${version ? `?version=${enc(version)}` : ""}`;

async function byId<T extends { id: string }>(rows: Promise<T[]>, link: (row: T) => SubjectLink): Promise<Map<string, SubjectLink>> {
  return new Map((await rows).map((row) => [row.id, link(row)]));
}

const fixed = (link: SubjectLink) => async (_db: DbTx, ids: string[]) => new Map(ids.map((id) => [id, link]));

export const subjectTypes: Record<string, SubjectType> = {
  user: {
    label: "User",
    name: (db, ids) =>
      byId(db.user.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, name: true, username: true } }), (u) => ({
        name: `${u.name} (@${u.username})`,
        href: `/admin/audit?actor=${enc(u.id)}`,
      })),
  },
  workload: {
    label: "Workload",
    name: (db, ids) =>
      byId(db.workload.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, slug: true, name: true } }), (w) => ({
        name: w.name === w.slug ? w.slug : `${w.name} (${w.slug})`,
        href: `/workloads/${enc(w.slug)}`,
      })),
    workloadSubjects: (ids) => Prisma.sql`SELECT w.id::text FROM workloads w WHERE w.id = ANY(${ids})`,
  },
  membership: {
    label: "Membership",
    name: (db, ids) =>
      byId(
        db.membership.findMany({
          where: { id: { in: uuids(ids) } },
          select: { id: true, role: true, user: { select: { username: true } }, workload: { select: { slug: true } } },
        }),
        (m) => ({
          name: m.workload ? `@${m.user.username} as ${m.role} of ${m.workload.slug}` : `@${m.user.username} as ${m.role}`,
          href: m.workload ? `/workloads/${enc(m.workload.slug)}` : null,
        }),
      ),
    workloadSubjects: (ids) => Prisma.sql`SELECT m.id::text FROM memberships m WHERE m.workload_id = ANY(${ids})`,
  },
  module_source: {
    label: "Module source",
    name: (db, ids) =>
      byId(db.moduleSource.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, owner: true, repo: true } }), (s) => ({
        name: `${s.owner}/${s.repo}`,
        href: "/admin/catalogue",
      })),
  },
  module: {
    label: "Module",
    name: (db, ids) =>
      byId(
        db.module.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, name: true, source: { select: { owner: true, repo: true } } } }),
        (m) => ({ name: `${m.name} (${m.source.owner}/${m.source.repo})`, href: moduleHref({ ...m.source, name: m.name }) }),
      ),
  },
  module_version: {
    label: "Module version",
    name: (db, ids) =>
      byId(
        db.moduleVersion.findMany({
          where: { id: { in: uuids(ids) } },
          select: { id: true, version: true, module: { select: { name: true, source: { select: { owner: true, repo: true } } } } },
        }),
        (v) => ({
          name: `${v.module.name} ${v.version} (${v.module.source.owner}/${v.module.source.repo})`,
          href: moduleHref({ ...v.module.source, name: v.module.name }, v.version),
        }),
      ),
  },
  scaffold_request: {
    label: "Scaffold request",
    name: (db, ids) =>
      byId(
        db.scaffoldRequest.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, unitPath: true, workload: { select: { slug: true } } } }),
        (s) => ({ name: `${s.workload.slug}: ${s.unitPath}`, href: `/scaffold/${enc(s.id)}` }),
      ),
    workloadSubjects: (ids) => Prisma.sql`SELECT s.id::text FROM scaffold_requests s WHERE s.workload_id = ANY(${ids})`,
  },
  consumption: {
    label: "Consumption",
    name: (db, ids) =>
      byId(
        db.consumption.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, unitPath: true, workload: { select: { slug: true } } } }),
        (c) => ({ name: `${c.workload.slug}: ${c.unitPath}`, href: `/workloads/${enc(c.workload.slug)}` }),
      ),
    workloadSubjects: (ids) => Prisma.sql`SELECT c.id::text FROM consumptions c WHERE c.workload_id = ANY(${ids})`,
  },
  account_set_request: {
    label: "Account set request",
    name: (db, ids) =>
      byId(
        db.accountSetRequest.findMany({
          where: { id: { in: uuids(ids) } },
          select: { id: true, newWorkloadSlug: true, workload: { select: { slug: true } } },
        }),
        (r) => ({ name: `Account set for ${r.workload?.slug ?? r.newWorkloadSlug ?? "a new workload"}`, href: `/accounts/requests/${enc(r.id)}` }),
      ),
    workloadSubjects: (ids) => Prisma.sql`SELECT r.id::text FROM account_set_requests r WHERE r.workload_id = ANY(${ids})`,
  },
  account_request: {
    label: "Account request",
    name: (db, ids) =>
      byId(
        db.accountRequest.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, setId: true, accountName: true, env: true } }),
        (a) => ({ name: `${a.accountName} (${a.env})`, href: `/accounts/requests/${enc(a.setId)}` }),
      ),
    workloadSubjects: (ids) =>
      Prisma.sql`SELECT a.id::text FROM account_requests a JOIN account_set_requests r ON r.id = a.set_id WHERE r.workload_id = ANY(${ids})`,
  },
  account: {
    label: "AWS account",
    // Governance writes the 12-digit AWS account id; other writers may use the row's uuid.
    name: async (db, ids) => {
      const rows = await db.account.findMany({
        where: { OR: [{ id: { in: uuids(ids) } }, { awsAccountId: { in: ids.filter((id) => AWS_ACCOUNT_ID.test(id)) } }] },
        select: { id: true, awsAccountId: true, name: true },
      });
      const links = new Map<string, SubjectLink>();
      for (const a of rows) {
        const link = { name: `${a.name} (${a.awsAccountId})`, href: `/accounts/${enc(a.awsAccountId)}` };
        links.set(a.id, link);
        links.set(a.awsAccountId, link);
      }
      return links;
    },
    workloadSubjects: (ids) =>
      Prisma.sql`SELECT x.aws_account_id FROM accounts x WHERE x.workload_id = ANY(${ids}) UNION ALL SELECT x.id::text FROM accounts x WHERE x.workload_id = ANY(${ids})`,
  },
  tag_change_request: {
    label: "Tag change request",
    name: (db, ids) =>
      byId(
        db.tagChangeRequest.findMany({
          where: { id: { in: uuids(ids) } },
          select: { id: true, origin: true, _count: { select: { items: true } }, items: { take: 1, select: { account: { select: { name: true } } } } },
        }),
        (r) => {
          const what = r.origin === "drift_revert" ? "Drift revert" : r.origin === "drift_adopt" ? "Drift adoption" : r.origin === "policy_fix" ? "Policy fix" : "Tag change";
          const where = r._count.items === 1 ? (r.items[0]?.account.name ?? "one account") : `${r._count.items} accounts`;
          return { name: `${what} of ${where}`, href: `/tag-changes/${enc(r.id)}` };
        },
      ),
    workloadSubjects: (ids) =>
      Prisma.sql`SELECT DISTINCT i.request_id::text FROM tag_change_items i JOIN accounts x ON x.id = i.account_id WHERE x.workload_id = ANY(${ids})`,
  },
  drift_finding: {
    label: "Drift finding",
    name: (db, ids) =>
      byId(
        db.driftFinding.findMany({ where: { id: { in: uuids(ids) } }, select: { id: true, tagKey: true, account: { select: { name: true } } } }),
        (f) => ({ name: `Drift of ${f.tagKey} on ${f.account.name}`, href: "/admin/drift?status=all" }),
      ),
  },
  accounts: { label: "Account inventory", name: fixed({ name: "Accounts in AWS Organizations", href: "/accounts" }) },
  tag_policy: {
    label: "Tag policy",
    name: async (_db, ids) => new Map(ids.map((id) => [id, { name: `Tag policy version ${id}`, href: "/admin/vending" }])),
  },
  vending_settings: { label: "Vending settings", name: fixed({ name: "Vending settings", href: "/admin/vending" }) },
  estate_policy: { label: "Estate policy", name: fixed({ name: "Notice policy and chat webhook", href: "/admin/estate" }) },
};

/** The subject types a filter can offer, with their labels; `workloadScoped`: only those a workload's leads can see. */
export function listSubjectTypes(options: { workloadScoped?: boolean } = {}): Array<{ type: string; label: string }> {
  return Object.entries(subjectTypes)
    .filter(([, t]) => !options.workloadScoped || t.workloadSubjects !== undefined)
    .map(([type, t]) => ({ type, label: t.label }));
}

/**
 * Names and links of the subjects of a page of audit rows, keyed `<type>:<id>`. One query per
 * subject type present; unknown types and vanished subjects are simply absent.
 */
export async function resolveSubjects(db: DbTx, subjects: ReadonlyArray<{ type: string; id: string }>): Promise<Map<string, SubjectLink>> {
  const idsByType = new Map<string, Set<string>>();
  for (const s of subjects) {
    if (!subjectTypes[s.type]?.name) continue;
    let ids = idsByType.get(s.type);
    if (!ids) idsByType.set(s.type, (ids = new Set()));
    ids.add(s.id);
  }
  const resolved = new Map<string, SubjectLink>();
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      const links = await subjectTypes[type]!.name!(db, [...ids]);
      for (const [id, link] of links) resolved.set(`${type}:${id}`, link);
    }),
  );
  return resolved;
}

/**
 * The condition "the row's subject belongs to one of these workloads", for the leads' view:
 * every subject type with `workloadSubjects`, OR-ed. Rows of other types never match.
 */
export function workloadScopeCondition(workloadIds: readonly string[]): Prisma.Sql {
  const ids = Prisma.sql`${uuids([...workloadIds])}::uuid[]`;
  const clauses = Object.entries(subjectTypes).flatMap(([type, t]) =>
    t.workloadSubjects ? [Prisma.sql`(e.subject_type = ${type} AND e.subject_id IN (${t.workloadSubjects(ids)}))`] : [],
  );
  return clauses.length > 0 ? Prisma.sql`(${Prisma.join(clauses, " OR ")})` : Prisma.sql`FALSE`;
}
