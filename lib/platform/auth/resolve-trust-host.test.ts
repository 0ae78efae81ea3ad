import { describe, expect, it } from "vitest";
import { resolveTrustHost } from "./resolve-trust-host";

describe("resolveTrustHost", () => {
  it("does not trust the Host header in production when nothing pins the origin", () => {
    // env.ts refuses this set-up at start; should it slip through, Auth.js refuses the request.
    expect(resolveTrustHost({ NODE_ENV: "production", AUTH_URL: undefined, AUTH_TRUST_HOST: undefined })).toBe(false);
  });

  it("trusts the host when AUTH_URL pins the origin, or outside production", () => {
    expect(resolveTrustHost({ NODE_ENV: "production", AUTH_URL: "https://bulkhead.example.com", AUTH_TRUST_HOST: undefined })).toBe(true);
    expect(resolveTrustHost({ NODE_ENV: "development", AUTH_URL: undefined, AUTH_TRUST_HOST: undefined })).toBe(true);
    expect(resolveTrustHost({ NODE_ENV: "test", AUTH_URL: undefined, AUTH_TRUST_HOST: undefined })).toBe(true);
  });

  it("lets an explicit AUTH_TRUST_HOST decide", () => {
    expect(resolveTrustHost({ NODE_ENV: "production", AUTH_URL: undefined, AUTH_TRUST_HOST: true })).toBe(true);
    expect(resolveTrustHost({ NODE_ENV: "development", AUTH_URL: undefined, AUTH_TRUST_HOST: false })).toBe(false);
  });
});
