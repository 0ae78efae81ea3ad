/**
 * The environment for driving route handlers and server actions in-process against a test
 * database (the authorization matrix, the audit export). Outside services point at a closed
 * local port, so a handler that gets past its checks and calls GitHub, AWS or the IdP fails at once
 * (502) instead of waiting on the network. Call before the first import of app code.
 */
export function setInProcessPortalEnv(databaseUrl: string): void {
  const closed = "http://127.0.0.1:9";
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: "in-process-test-secret-0123456789abcdef",
    AUTH_URL: "http://portal.test",
    AUTH_OIDC_ISSUER: `${closed}/oidc`,
    AUTH_OIDC_CLIENT_ID: "bulkhead-test",
    AUTH_OIDC_CLIENT_SECRET: "bulkhead-test-secret",
    GITHUB_API_URL: closed,
    GITHUB_GIT_URL: closed,
    BULKHEAD_JOBS: "off",
    // AWS (vending) at the same closed port: past its checks, a call fails at once (502).
    AWS_ENDPOINT_URL: closed,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIAINPROCESSTEST",
    AWS_SECRET_ACCESS_KEY: "in-process-test-secret",
  });
  // A client another test file left on globalThis would point at its database.
  (globalThis as { bulkheadDb?: unknown }).bulkheadDb = undefined;
}
