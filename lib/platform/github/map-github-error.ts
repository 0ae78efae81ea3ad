import { AppError } from "@/lib/errors/app-error";

interface OctokitLikeError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export interface GithubErrorContext {
  /** `owner/repo` the call was about. */
  repo: string;
  /** What we were doing, for the message: "create the commit", "open the pull request". */
  action: string;
  /** The App permission the call needs, named in 403 messages. */
  permission: "contents:write" | "pull_requests:write" | "contents:read" | "pull_requests:read" | "metadata:read" | "issues:write";
}

function hhmm(epochSeconds: number): string {
  const at = new Date(epochSeconds * 1000);
  return `${String(at.getUTCHours()).padStart(2, "0")}:${String(at.getUTCMinutes()).padStart(2, "0")} UTC`;
}

/**
 * Turns a GitHub API failure into an AppError whose message tells the user what to do.
 * AppErrors pass through unchanged (the installation lookup already explains itself).
 */
export function mapGithubError(error: unknown, context: GithubErrorContext): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as OctokitLikeError;
  const status = typeof e.status === "number" ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const remaining = headers["x-ratelimit-remaining"];
  const reset = Number(headers["x-ratelimit-reset"]);
  const githubMessage =
    typeof e.response?.data === "object" && e.response.data !== null && typeof (e.response.data as { message?: unknown }).message === "string"
      ? (e.response.data as { message: string }).message
      : (e.message ?? "");
  const details = { status, repo: context.repo, action: context.action, githubMessage };

  // Our own deadline (BULKHEAD_HTTP_TIMEOUT_MS), which Octokit reports as a 500 of its own making.
  const cause = (error as { cause?: { name?: string } } | null)?.cause;
  const timeoutNames = ["TimeoutError", "OutboundTimeoutError"];
  if (timeoutNames.includes((error as { name?: string } | null)?.name ?? "") || timeoutNames.includes(cause?.name ?? "")) {
    return new AppError("UPSTREAM_FAILED", `GitHub did not answer in time while we tried to ${context.action} in ${context.repo}; retry in a moment.`, { details, cause: error });
  }

  if (status === 429 || ((status === 403 || status === 429) && String(remaining) === "0")) {
    const when = Number.isFinite(reset) && reset > 0 ? `; retry after ${hhmm(reset)}` : "; retry in a few minutes";
    return new AppError("UPSTREAM_FAILED", `GitHub rate limit reached${when}.`, { details, cause: error });
  }
  // Secondary (abuse) rate limits answer 403 with retry-after while the primary quota is left.
  if ((status === 403 || status === 429) && (headers["retry-after"] !== undefined || /secondary rate limit/i.test(githubMessage))) {
    const seconds = Number(headers["retry-after"]);
    const when = Number.isFinite(seconds) && seconds > 0 ? `; retry in ${Math.ceil(seconds)} s` : "; retry in a minute";
    return new AppError("UPSTREAM_FAILED", `GitHub is throttling requests (secondary rate limit)${when}.`, { details, cause: error });
  }
  if (status === 403) {
    return new AppError(
      "FORBIDDEN",
      `The Bulkhead GitHub App lacks ${context.permission} on ${context.repo} — ask an org owner to approve the permission (GitHub said: ${githubMessage || "forbidden"}).`,
      { details, cause: error },
    );
  }
  if (status === 404) {
    return new AppError("NOT_FOUND", `GitHub could not find ${context.repo} (or what we asked for in it) while trying to ${context.action}: check that the repo exists and the Bulkhead GitHub App is installed on it.`, {
      details,
      cause: error,
    });
  }
  if (status === 409 || status === 422) {
    return new AppError("CONFLICT", `GitHub refused to ${context.action} in ${context.repo}: ${githubMessage || "unprocessable"}.`, { details, cause: error });
  }
  if (status !== undefined && status >= 500) {
    return new AppError("UPSTREAM_FAILED", `GitHub had an internal error (${status}) while we tried to ${context.action} in ${context.repo}; retry in a moment.`, {
      details,
      cause: error,
    });
  }
  return new AppError("UPSTREAM_FAILED", `Could not ${context.action} in ${context.repo}: ${status ? `GitHub answered ${status}` : "GitHub did not answer (network error)"}.`, {
    details,
    cause: error,
  });
}
