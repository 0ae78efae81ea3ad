import { AppError } from "@/lib/errors/app-error";

/*
 * What an AWS failure means for vending: wait and retry later, or a failure someone must look
 * at. Retry-later never counts as a failure of the account. Every AWS call of vending's and
 * governance's adapters goes through `callAws`, which turns SDK exceptions into `AwsErrorFacts`
 * in one place; the meaning is decided here.
 */

export type AwsService = "servicecatalog" | "organizations" | "eventbridge";

export type AwsFailureReason =
  | "throttling"
  | "server_error"
  | "operation_in_progress"
  | "concurrent_modification"
  | "network"
  | "timeout"
  | "invalid_request"
  | "not_found"
  | "access_denied"
  | "conflict"
  | "unknown";

/** Plain facts about one failed call, read off the SDK error by the adapter. */
export interface AwsErrorFacts {
  service: AwsService;
  /** The API operation, e.g. "ProvisionProduct". */
  operation: string;
  /** Exception name (`__type` without namespace), e.g. "ThrottlingException"; or a Node error name. */
  name?: string;
  httpStatus?: number;
  message?: string;
  /** The SDK's `$fault`. */
  fault?: "client" | "server";
  /** A Node network error code such as ECONNRESET. */
  networkCode?: string;
}

export interface AwsErrorClass {
  retryable: boolean;
  reason: AwsFailureReason;
}

// Control Tower serialises account operations; when one is already running it refuses the
// next with this message (as an exception or in a FAILED record's errors). It is a queue, not
// a failure.
const OPERATION_IN_PROGRESS = /another (?:aws )?control tower operation is (?:currently )?(?:in progress|running)|operation is already in progress/i;

const THROTTLING_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "EC2ThrottledException",
]);
const SERVER_NAMES = new Set(["InternalException", "InternalFailure", "InternalServerError", "InternalServerException", "ServiceException", "ServiceUnavailable", "ServiceUnavailableException"]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);
const TIMEOUT_NAMES = new Set(["TimeoutError", "AbortError", "RequestTimeout", "RequestTimeoutException"]);
const NOT_FOUND_NAMES = new Set(["ResourceNotFoundException", "TargetNotFoundException", "AccountNotFoundException", "ChildNotFoundException", "ParentNotFoundException", "OrganizationalUnitNotFoundException"]);
const ACCESS_NAMES = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredTokenException",
  "ExpiredToken",
  "AWSOrganizationsNotInUseException",
  "CredentialsProviderError",
]);
const CONFLICT_NAMES = new Set(["DuplicateResourceException", "ConstraintViolationException", "ResourceInUseException", "DuplicateAccountException"]);
const INVALID_NAMES = new Set(["InvalidParametersException", "InvalidInputException", "ValidationException", "InvalidStateException", "UnsupportedAPIEndpointException"]);

/** Decides whether a failed call should be retried later or reported as a failure. */
export function classifyAwsError(facts: AwsErrorFacts): AwsErrorClass {
  const name = facts.name ?? "";
  if (facts.message && OPERATION_IN_PROGRESS.test(facts.message)) return { retryable: true, reason: "operation_in_progress" };
  if (name === "ConcurrentModificationException") return { retryable: true, reason: "concurrent_modification" };
  if (THROTTLING_NAMES.has(name) || facts.httpStatus === 429) return { retryable: true, reason: "throttling" };
  // Service Catalog answers LimitExceededException for a quota that time does not free; only
  // treat it as throttling when AWS said so in the message.
  if (name === "LimitExceededException" && /rate|throttl/i.test(facts.message ?? "")) return { retryable: true, reason: "throttling" };
  if (TIMEOUT_NAMES.has(name) || facts.networkCode === "ETIMEDOUT" || facts.networkCode === "ESOCKETTIMEDOUT") return { retryable: true, reason: "timeout" };
  if (facts.networkCode && NETWORK_CODES.has(facts.networkCode)) return { retryable: true, reason: "network" };
  if (SERVER_NAMES.has(name) || (facts.httpStatus !== undefined && facts.httpStatus >= 500) || facts.fault === "server") {
    return { retryable: true, reason: "server_error" };
  }
  if (ACCESS_NAMES.has(name) || facts.httpStatus === 403) return { retryable: false, reason: "access_denied" };
  if (NOT_FOUND_NAMES.has(name) || facts.httpStatus === 404) return { retryable: false, reason: "not_found" };
  if (CONFLICT_NAMES.has(name) || facts.httpStatus === 409) return { retryable: false, reason: "conflict" };
  if (INVALID_NAMES.has(name) || facts.httpStatus === 400) return { retryable: false, reason: "invalid_request" };
  return { retryable: false, reason: "unknown" };
}

const SERVICE_LABEL: Record<AwsService, string> = {
  servicecatalog: "Service Catalog",
  organizations: "AWS Organizations",
  eventbridge: "EventBridge",
};

function describe(facts: AwsErrorFacts, reason: AwsFailureReason): string {
  const service = SERVICE_LABEL[facts.service];
  const said = facts.message ? `: ${facts.message}` : "";
  switch (reason) {
    case "operation_in_progress":
      return `Control Tower is busy with another account operation; ${facts.operation} will be retried when it finishes`;
    case "concurrent_modification":
      return `${service} was changing the same resource at the same time; ${facts.operation} will be retried`;
    case "throttling":
      return `${service} is throttling requests (${facts.name ?? `HTTP ${facts.httpStatus}`}); ${facts.operation} will be retried`;
    case "timeout":
      return `${service} did not answer ${facts.operation} in time; it will be retried`;
    case "network":
      return `${service} could not be reached (${facts.networkCode}); ${facts.operation} will be retried`;
    case "server_error":
      return `${service} had an internal error during ${facts.operation}${said}; it will be retried`;
    case "access_denied":
      return `The portal's AWS role may not call ${service} ${facts.operation}${said}`;
    case "not_found":
      return `${service} could not find what ${facts.operation} asked for${said}`;
    case "conflict":
      return `${service} refused ${facts.operation} because of a conflict${said}`;
    case "invalid_request":
      return `${service} refused ${facts.operation}${said}`;
    case "unknown":
      return `${service} ${facts.operation} failed (${facts.name ?? "unknown error"})${said}`;
  }
}

/**
 * A failed AWS call, classified. It is an `AppError` (UPSTREAM_FAILED: even an access problem is
 * the portal role's, not the viewer's, so never FORBIDDEN) so that a route can map it as is, and
 * carries `retryable` for the vending worker.
 */
export class AwsOperationError extends AppError {
  readonly retryable: boolean;
  readonly reason: AwsFailureReason;
  readonly service: AwsService;
  readonly operation: string;
  readonly awsCode: string | undefined;

  constructor(facts: AwsErrorFacts, options: { cause?: unknown } = {}) {
    const classified = classifyAwsError(facts);
    super("UPSTREAM_FAILED", describe(facts, classified.reason), {
      cause: options.cause,
      details: { service: facts.service, operation: facts.operation, awsCode: facts.name, httpStatus: facts.httpStatus, reason: classified.reason },
    });
    this.name = "AwsOperationError";
    this.retryable = classified.retryable;
    this.reason = classified.reason;
    this.service = facts.service;
    this.operation = facts.operation;
    this.awsCode = facts.name;
  }
}

export function isAwsOperationError(error: unknown): error is AwsOperationError {
  return error instanceof AwsOperationError;
}

/** One entry of a FAILED record's RecordErrors. */
export interface RecordError {
  code: string;
  description: string;
}

/**
 * What a FAILED Account Factory record means. Control Tower fails a record when another
 * operation holds its lock: that is a retry with a new attempt, not a failure of the account.
 */
export function classifyRecordErrors(errors: RecordError[]): { retryable: boolean; message: string } {
  const message =
    errors.length === 0
      ? "Account Factory reported the provisioning as FAILED without saying why"
      : errors.map((e) => (e.code ? `${e.code}: ${e.description}` : e.description)).join("; ");
  const retryable = errors.some((e) => OPERATION_IN_PROGRESS.test(e.description) || THROTTLING_NAMES.has(e.code));
  return { retryable, message };
}

// How an SDK failure is read (the SDK raises typed exceptions with `name`, `$metadata.httpStatusCode`
// and `$fault`, TimeoutError and AbortError for deadlines, plain Node errors with `code` for the
// network). Pure: it only reads fields, so any domain's AWS adapter can use it.
interface SdkLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function readAwsErrorFacts(error: unknown, context: { service: AwsService; operation: string }): AwsErrorFacts {
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkLikeError;
  const httpStatus = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  return {
    service: context.service,
    operation: context.operation,
    name: typeof e.name === "string" ? e.name : undefined,
    httpStatus,
    message: typeof e.message === "string" ? e.message : typeof error === "string" ? error : undefined,
    fault: e.$fault === "client" || e.$fault === "server" ? e.$fault : undefined,
    networkCode: code && /^E[A-Z_]+$/.test(code) ? code : undefined,
  };
}

/** Any failure of one AWS call as an AwsOperationError (one already is, unchanged). */
export function toAwsOperationError(error: unknown, context: { service: AwsService; operation: string }): AwsOperationError {
  if (error instanceof AwsOperationError) return error;
  return new AwsOperationError(readAwsErrorFacts(error, context), { cause: error });
}


/**
 * Runs one SDK call with an overall deadline (`timeoutMs`, SDK retries included) and turns its
 * failure into an AwsOperationError. The SDK raises typed exceptions (`name` from the `__type`
 * of the answer, `$metadata.httpStatusCode`, `$fault`) for service errors, TimeoutError for
 * handler timeouts, AbortError for the deadline, and plain Node errors (with `code`) for network
 * failures.
 */
export async function callAws<T>(
  context: { service: AwsService; operation: string; timeoutMs: number },
  send: (options: { abortSignal: AbortSignal }) => Promise<T>,
): Promise<T> {
  try {
    return await send({ abortSignal: AbortSignal.timeout(context.timeoutMs) });
  } catch (error) {
    throw toAwsOperationError(error, context);
  }
}
