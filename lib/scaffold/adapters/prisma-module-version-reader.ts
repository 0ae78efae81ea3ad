import "server-only";
import { reshapeModuleDocs } from "@/lib/catalogue";
import type { Db } from "@/lib/platform/create-prisma-client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ScaffoldVariable } from "../core/scaffold-variable";
import type { ModuleVersionReader, ModuleVersionRecord, ScaffoldModuleVersion } from "../ports";

const moduleInclude = { include: { source: { select: { owner: true, repo: true } } } } as const;

/** The columns of a version a scaffold request shows; the docs JSON stays in the database. */
export const scaffoldModuleVersionSelect = {
  id: true,
  version: true,
  tag: true,
  status: true,
  statusReason: true,
  severity: true,
  advisoryUrl: true,
  fixedIn: true,
  hasErrors: true,
  module: moduleInclude,
} as const;

type ScaffoldModuleVersionRow = Prisma.ModuleVersionGetPayload<{ select: typeof scaffoldModuleVersionSelect }>;
type ModuleVersionRow = Prisma.ModuleVersionGetPayload<{ include: { module: typeof moduleInclude } }>;

export function toScaffoldModuleVersion(row: ScaffoldModuleVersionRow): ScaffoldModuleVersion {
  return {
    id: row.id,
    version: row.version,
    tag: row.tag,
    status: row.status,
    statusReason: row.statusReason,
    advisory: row.status === "vulnerable" ? { severity: row.severity, text: row.statusReason, url: row.advisoryUrl, fixedIn: row.fixedIn } : null,
    hasErrors: row.hasErrors,
    module: {
      id: row.module.id,
      name: row.module.name,
      path: row.module.path,
      provider: row.module.provider,
      latestVersion: row.module.latestVersion,
      source: { owner: row.module.source.owner, repo: row.module.source.repo },
    },
  };
}

/**
 * A catalogue version row with its variables. The stored docs JSON goes through the
 * catalogue's own reader (no cast), and only the inputs the scaffold uses are kept.
 */
function toModuleVersionRecord(row: ModuleVersionRow): ModuleVersionRecord {
  const variables = reshapeModuleDocs(row.docs).inputs.map(
    (input): ScaffoldVariable => ({
      name: input.name,
      type: input.type,
      description: input.description,
      defaultJson: input.defaultJson,
      defaultText: input.defaultText,
      required: input.required,
      sensitive: input.sensitive,
      nullable: input.nullable,
      validations: input.validations.map((v) => ({ condition: v.condition, errorMessage: v.errorMessage })),
    }),
  );
  return { ...toScaffoldModuleVersion(row), variables };
}

/** Module versions of the catalogue's tables, read for scaffolding. */
export function createPrismaModuleVersionReader(db: Db): ModuleVersionReader {
  return {
    async findModuleVersion(id) {
      const row = await db.moduleVersion.findUnique({ where: { id }, include: { module: moduleInclude } });
      return row ? toModuleVersionRecord(row) : null;
    },

    async findModuleVersionId(link) {
      const moduleWhere =
        "moduleId" in link
          ? { id: link.moduleId }
          : {
              name: link.module,
              source: { owner: { equals: link.source.owner, mode: "insensitive" as const }, repo: { equals: link.source.repo, mode: "insensitive" as const } },
            };
      const row = await db.moduleVersion.findFirst({ where: { version: link.version, module: moduleWhere }, select: { id: true } });
      return row?.id ?? null;
    },
  };
}
