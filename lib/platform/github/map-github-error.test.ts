import { describe, expect, it } from "vitest";
import { mapGithubError } from "./map-github-error";

const context = { repo: "acme/payments-infra", action: "create the commit", permission: "contents:write" as const };

describe("mapGithubError", () => {
  it("names the missing permission on 403", () => {
    const error = mapGithubError({ status: 403, response: { headers: { "x-ratelimit-remaining": "4999" }, data: { message: "Resource not accessible by integration" } } }, context);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/^The Bulkhead GitHub App lacks contents:write on acme\/payments-infra — ask an org owner to approve the permission/);
  });

  it("tells when to retry after the rate limit", () => {
    const reset = Date.UTC(2026, 10, 27, 14, 5) / 1000;
    const error = mapGithubError({ status: 403, response: { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } } }, context);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "GitHub rate limit reached; retry after 14:05 UTC." });
  });

  it("reports a secondary rate limit as throttling, not as a missing permission", () => {
    const error = mapGithubError(
      { status: 403, response: { headers: { "x-ratelimit-remaining": "4000", "retry-after": "30" }, data: { message: "You have exceeded a secondary rate limit" } } },
      context,
    );
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "GitHub is throttling requests (secondary rate limit); retry in 30 s." });
  });

  it("maps 404, 422 and 5xx to messages that say what to do", () => {
    expect(mapGithubError({ status: 404 }, context)).toMatchObject({ code: "NOT_FOUND" });
    expect(mapGithubError({ status: 404 }, context).message).toContain("installed");
    expect(mapGithubError({ status: 422, response: { data: { message: "Reference already exists" } } }, context).message).toContain("Reference already exists");
    expect(mapGithubError({ status: 503 }, context)).toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringContaining("retry") });
  });
});
