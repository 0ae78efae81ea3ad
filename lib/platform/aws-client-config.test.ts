import { describe, expect, it } from "vitest";
import { buildAwsClientConfig, defaultAwsClientOptions } from "./aws-client-config";

describe("buildAwsClientConfig", () => {
  it("bounds every attempt with timeouts that throw, and retries at most three times", () => {
    expect(buildAwsClientConfig()).toEqual({
      maxAttempts: defaultAwsClientOptions.maxAttempts,
      requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
    });
  });

  it("leaves endpoint, region and credentials to the SDK's chain unless a test or tool names them", () => {
    const config = buildAwsClientConfig({ region: "us-east-1", endpoint: "http://127.0.0.1:1", credentials: { accessKeyId: "AKID", secretAccessKey: "s" }, maxAttempts: 1, requestTimeoutMs: 200 });
    expect(config).toMatchObject({ region: "us-east-1", endpoint: "http://127.0.0.1:1", credentials: { accessKeyId: "AKID" }, maxAttempts: 1, requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
    expect(Object.keys(buildAwsClientConfig({ maxAttempts: 2 }))).toEqual(["maxAttempts", "requestHandler"]);
  });
});
