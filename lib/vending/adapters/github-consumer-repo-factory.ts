import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { InstallationOctokit } from "@/lib/platform/github/github-app";
import { mapGithubError } from "@/lib/platform/github/map-github-error";
import type { ConsumerRepoFactory } from "../ports";

/** Gives an installation Octokit for a repo; in the app that is `getRepoOctokit(getGithubApp(), o, r)`. */
export type RepoOctokitFactory = (owner: string, repo: string) => Promise<InstallationOctokit>;

const DEFAULT_TIMEOUT_MS = 20_000;

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Creates consumer repos from the template repo through the GitHub App
 * (`POST /repos/{template_owner}/{template_repo}/generate`). The App needs *Administration:
 * write* on the org to create repositories, and read access to the template, which must be
 * marked as a template repository.
 */
export function createGithubConsumerRepoFactory(options: { getOctokit: RepoOctokitFactory; timeoutMs?: number }): ConsumerRepoFactory {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async createFromTemplate({ template, owner, name, description, private: isPrivate }) {
      const templateName = `${template.owner}/${template.repo}`;
      const octokit = await options.getOctokit(template.owner, template.repo).catch((error: unknown) => {
        throw mapGithubError(error, { repo: templateName, action: "reach the template repository", permission: "contents:read" });
      });
      try {
        const { data } = await octokit.request("POST /repos/{template_owner}/{template_repo}/generate", {
          template_owner: template.owner,
          template_repo: template.repo,
          owner,
          name,
          description,
          private: isPrivate,
          include_all_branches: false,
          request: { signal: AbortSignal.timeout(timeoutMs) },
        });
        return { owner: data.owner.login, repo: data.name, created: true };
      } catch (error) {
        const status = statusOf(error);
        if (status === 422) {
          // The name is taken: a retry after a lost answer finds the repo the first call made.
          try {
            const { data } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo: name, request: { signal: AbortSignal.timeout(timeoutMs) } });
            return { owner: data.owner.login, repo: data.name, created: false };
          } catch (lookup) {
            if (statusOf(lookup) !== 404) throw mapGithubError(lookup, { repo: `${owner}/${name}`, action: "read the new consumer repository", permission: "metadata:read" });
          }
          throw mapGithubError(error, { repo: templateName, action: `generate ${owner}/${name} from the template`, permission: "contents:read" });
        }
        if (status === 403) {
          throw new AppError("FORBIDDEN", `The Bulkhead GitHub App may not create ${owner}/${name}: it needs the Administration (write) permission on ${owner}, approved by an org owner.`, { cause: error });
        }
        throw mapGithubError(error, { repo: templateName, action: `generate ${owner}/${name} from the template`, permission: "contents:read" });
      }
    },
  };
}
