import type { DbTx } from "../platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";
import { compareSemver } from "./core/semver";

/** A module's address in the Terraform registry protocol: `<namespace>/<name>/<provider>`. */
export interface RegistryAddress {
  /** The source repo's owner, e.g. `acme-platform`. */
  namespace: string;
  name: string;
  provider: string;
}

export async function findRegistryModule(db: DbTx, address: RegistryAddress) {
  const catalogueModule = await db.module.findFirst({
    where: {
      name: address.name,
      provider: { equals: address.provider, mode: "insensitive" },
      source: { owner: { equals: address.namespace, mode: "insensitive" } },
    },
    orderBy: { createdAt: "asc" },
    include: { source: { select: { owner: true, repo: true } } },
  });
  if (!catalogueModule) throw new AppError("NOT_FOUND", `No module ${address.namespace}/${address.name}/${address.provider} in the catalogue.`);
  return catalogueModule;
}

/**
 * The registry protocol's version list (`GET /v1/modules/:ns/:name/:provider/versions`).
 * Withdrawn versions (deleted tags) are left out, since they can no longer be fetched;
 * deprecated ones stay, as Terraform must still resolve pinned constraints.
 */
export async function listRegistryVersions(db: DbTx, address: RegistryAddress): Promise<{ modules: Array<{ versions: Array<{ version: string }> }> }> {
  const catalogueModule = await findRegistryModule(db, address);
  const rows = await db.moduleVersion.findMany({ where: { moduleId: catalogueModule.id, status: { not: "withdrawn" } }, select: { version: true } });
  const versions = rows.map((r) => r.version).sort((a, b) => compareSemver(b, a));
  return { modules: [{ versions: versions.map((version) => ({ version })) }] };
}
