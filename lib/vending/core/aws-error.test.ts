import { describe, expect, it } from "vitest";
import { AwsOperationError, classifyAwsError, classifyRecordErrors, type AwsErrorFacts } from "./aws-error";

const sc = (facts: Partial<AwsErrorFacts>): AwsErrorFacts => ({ service: "servicecatalog", operation: "ProvisionProduct", ...facts });

describe("classifyAwsError", () => {
  it.each([
    [{ name: "ThrottlingException", httpStatus: 400 }, "throttling"],
    [{ name: "TooManyRequestsException", httpStatus: 429 }, "throttling"],
    [{ name: "Whatever", httpStatus: 429 }, "throttling"],
    [{ name: "LimitExceededException", message: "Rate exceeded" }, "throttling"],
    [{ name: "InternalException", httpStatus: 500 }, "server_error"],
    [{ name: "ServiceException", httpStatus: 500 }, "server_error"],
    [{ name: "Unknown", httpStatus: 503, fault: "server" as const }, "server_error"],
    [{ name: "ConcurrentModificationException", httpStatus: 409 }, "concurrent_modification"],
    [{ name: "InvalidParametersException", message: "AWS Control Tower cannot create an account because another AWS Control Tower operation is in progress" }, "operation_in_progress"],
    [{ name: "ResourceInUseException", message: "Another Control Tower operation is currently running" }, "operation_in_progress"],
    [{ name: "TimeoutError" }, "timeout"],
    [{ name: "AbortError" }, "timeout"],
    [{ name: "Error", networkCode: "ECONNRESET" }, "network"],
    [{ name: "Error", networkCode: "ETIMEDOUT" }, "timeout"],
  ])("retries later on %j (%s)", (facts, reason) => {
    expect(classifyAwsError(sc(facts))).toEqual({ retryable: true, reason });
  });

  it.each([
    [{ name: "InvalidParametersException", httpStatus: 400, message: "A stack named payments-dev already exists" }, "invalid_request"],
    [{ name: "ResourceNotFoundException", httpStatus: 400 }, "not_found"],
    [{ name: "DuplicateResourceException", httpStatus: 400 }, "conflict"],
    [{ name: "AccessDeniedException", httpStatus: 403 }, "access_denied"],
    [{ name: "ExpiredTokenException", httpStatus: 400 }, "access_denied"],
    [{ name: "TargetNotFoundException", httpStatus: 404 }, "not_found"],
    [{ name: "ConstraintViolationException", httpStatus: 409 }, "conflict"],
    [{ name: "InvalidInputException", httpStatus: 400 }, "invalid_request"],
    [{ name: "LimitExceededException", message: "You have reached the quota of provisioned products" }, "unknown"],
    [{ name: "Mystery" }, "unknown"],
  ])("fails on %j (%s)", (facts, reason) => {
    expect(classifyAwsError(sc(facts))).toEqual({ retryable: false, reason });
  });
});

describe("AwsOperationError", () => {
  it("says in plain words what happened and whether it will be retried", () => {
    const throttled = new AwsOperationError(sc({ name: "ThrottlingException", httpStatus: 400, message: "Rate exceeded" }));
    expect(throttled).toMatchObject({ retryable: true, reason: "throttling", code: "UPSTREAM_FAILED", awsCode: "ThrottlingException" });
    expect(throttled.message).toBe("Service Catalog is throttling requests (ThrottlingException); ProvisionProduct will be retried");
    const refused = new AwsOperationError(sc({ name: "InvalidParametersException", message: "A stack named x already exists" }));
    expect(refused.message).toBe("Service Catalog refused ProvisionProduct: A stack named x already exists");
    expect(refused.retryable).toBe(false);
  });
  it("blames the portal's role, not the viewer, for access problems (UPSTREAM_FAILED, not FORBIDDEN)", () => {
    const denied = new AwsOperationError({ service: "organizations", operation: "TagResource", name: "AccessDeniedException", httpStatus: 403 });
    expect(denied).toMatchObject({ code: "UPSTREAM_FAILED", retryable: false, reason: "access_denied" });
    expect(denied.message).toMatch(/The portal's AWS role may not call AWS Organizations TagResource/);
  });
});

describe("classifyRecordErrors", () => {
  it("retries a record that failed because Control Tower was busy", () => {
    expect(classifyRecordErrors([{ code: "CT", description: "AWS Control Tower cannot start because another AWS Control Tower operation is in progress." }]).retryable).toBe(true);
  });
  it("fails a record with any other error, listing every error", () => {
    expect(
      classifyRecordErrors([
        { code: "EmailAlreadyExists", description: "The email is already used by another account" },
        { code: "", description: "Stack failed" },
      ]),
    ).toEqual({ retryable: false, message: "EmailAlreadyExists: The email is already used by another account; Stack failed" });
  });
  it("explains a FAILED record without errors", () => {
    expect(classifyRecordErrors([])).toEqual({ retryable: false, message: expect.stringMatching(/without saying why/) });
  });
});
