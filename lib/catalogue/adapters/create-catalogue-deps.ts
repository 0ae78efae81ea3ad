import "server-only";
import { getDb } from "../../platform/db";
import { getEnv } from "../../platform/env";
import { getGithubApp, getRepoOctokit } from "../../platform/github/github-app";
import type { CatalogueStore, ModuleSource } from "../ports";
import { createGithubModuleSource } from "./github-module-source";
import { createPrismaCatalogueStore } from "./prisma-catalogue-store";

/**
 * The production wiring of the catalogue's ports. A fresh ModuleSource per call keeps
 * its tree and blob caches scoped to one sync.
 */
export function createCatalogueDeps(): { store: CatalogueStore; source: ModuleSource } {
  return {
    store: createPrismaCatalogueStore({ db: getDb(), databaseUrl: getEnv().DATABASE_URL }),
    source: createGithubModuleSource({ getOctokit: (owner, repo) => getRepoOctokit(getGithubApp(), owner, repo) }),
  };
}
