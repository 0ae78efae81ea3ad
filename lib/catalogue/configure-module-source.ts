import { z } from "zod";
import type { AuditActor } from "@/lib/platform/audit";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { isSafeRepoPath, SAFE_REPO_PATH_MESSAGE } from "@/lib/modules/repo-path";
import { repoRefSchema } from "@/lib/patterns";
import { isCodeOwner } from "./core/codeowners";
import type { CatalogueDeps } from "./ports";

/**
 * Owners written as CODEOWNERS writes them, separated by spaces or commas:
 * `@acme-platform/networking @alice ops@acme.example` (or already as a list). At most ten.
 */
export const ownersListSchema = z
  .union([z.string().max(1000), z.array(z.string().max(200)).max(50)])
  .default("")
  .transform((value) => [...new Set((Array.isArray(value) ? value : value.split(/[\s,]+/)).map((o) => o.trim()).filter(Boolean))])
  .refine((owners) => owners.every(isCodeOwner), { message: "Write owners as CODEOWNERS does: @org/team, @user or an email address." })
  .refine((owners) => owners.length <= 10, { message: "Name at most ten owners." });

export const moduleSourceInputSchema = z
  .object({
    repository: z
      .string()
      .trim()
      .transform((v) => v.replace(/\.git$/, ""))
      .pipe(repoRefSchema),
    layout: z.enum(["repo", "monorepo"], { message: "Choose one module per repo, or a monorepo." }),
    modulesDir: z
      .string()
      .trim()
      .default("modules")
      .transform((v) => v.replace(/^\.?\/+|\/+$/g, ""))
      .refine((v) => !v.split("/").includes(".."), { message: "The modules folder must stay inside the repository." })
      .refine((v) => v.split("/").includes("..") || isSafeRepoPath(v), { message: `The modules folder goes into source URLs. ${SAFE_REPO_PATH_MESSAGE}` }),
    /** Owners of modules that the repo's CODEOWNERS leaves without one. */
    defaultOwners: ownersListSchema,
  })
  .superRefine((input, ctx) => {
    if (input.layout === "monorepo" && input.modulesDir === "") {
      ctx.addIssue({ code: "custom", path: ["modulesDir"], message: "A monorepo needs the folder that holds its modules, e.g. modules." });
    }
  });
export type ModuleSourceInput = z.input<typeof moduleSourceInputSchema>;

/**
 * Adds a module source after checking, through the App, that the repo exists and the
 * App can read it (the owner/name casing is taken from GitHub), with the owners its modules
 * get when CODEOWNERS names none. Audited as `catalogue.source.create`.
 */
export async function configureModuleSource(
  deps: Pick<CatalogueDeps, "store" | "openSource">,
  options: { input: ModuleSourceInput; actor: AuditActor },
): Promise<{ id: string; owner: string; repo: string }> {
  const input = moduleSourceInputSchema.parse(options.input);
  const [owner = "", repo = ""] = input.repository.split("/");
  let info;
  try {
    info = await deps.openSource().describeRepo({ owner, repo });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      throw new AppError("INVALID_INPUT", `The Bulkhead GitHub App cannot see ${input.repository}.`, {
        fieldErrors: [{ path: "repository", message: "Not found, or the GitHub App is not installed on it. Check the name and the App's repository access." }],
        cause: error,
      });
    }
    throw error;
  }
  const modulesDir = input.layout === "monorepo" ? input.modulesDir : "";
  const created = await deps.store.createSource({
    source: { owner: info.owner, repo: info.repo, layout: input.layout, modulesDir, defaultOwners: input.defaultOwners },
    actor: options.actor,
  });
  if (!created) {
    throw new AppError("CONFLICT", `${info.owner}/${info.repo} is already a module source.`, {
      fieldErrors: [{ path: "repository", message: "This repository is already configured." }],
    });
  }
  return { id: created.id, owner: created.owner, repo: created.repo };
}
