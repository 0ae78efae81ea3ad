/** The three services the emulator speaks, by their SigV4 signing names. */
export type AwsService = "servicecatalog" | "organizations" | "events";

const NAMESPACES: Record<AwsService, string> = {
  servicecatalog: "com.amazonaws.servicecatalog",
  organizations: "com.amazonaws.organizations",
  events: "com.amazonaws.eventbridge",
};

/**
 * An error in AWS JSON 1.1 form: `{"__type": "<namespace>#<Code>", "Message": ...}`. The SDK maps
 * `__type` to its typed exception class and copies extra body fields (such as `Reason`) onto it.
 */
export class AwsError extends Error {
  constructor(
    /** Full `__type`, namespace included. */
    readonly type: string,
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Organizations and Service Catalog model the member as `Message`; EventBridge and the front door as `message`. */
    readonly messageKey: "Message" | "message" = "Message",
  ) {
    super(message);
    this.name = type.slice(type.indexOf("#") + 1);
  }

  get code(): string {
    return this.name;
  }

  toBody(): Record<string, unknown> {
    return { __type: this.type, [this.messageKey]: this.message, ...this.extra };
  }
}

function serviceError(service: AwsService, code: string, status: number, message: string, extra?: Record<string, unknown>): AwsError {
  return new AwsError(`${NAMESPACES[service]}#${code}`, status, message, extra, service === "events" ? "message" : "Message");
}

/** Errors raised by AWS's request front door (auth, routing, body parsing), the same for every service. */
export function frontDoorError(code: string, message: string, status = 400): AwsError {
  return new AwsError(`com.amazon.coral.service#${code}`, status, message, {}, "message");
}

// Service Catalog: every modelled error is HTTP 400.
export const invalidParameters = (message: string): AwsError => serviceError("servicecatalog", "InvalidParametersException", 400, message);
export const resourceNotFound = (message: string): AwsError => serviceError("servicecatalog", "ResourceNotFoundException", 400, message);
export const duplicateResource = (message: string): AwsError => serviceError("servicecatalog", "DuplicateResourceException", 400, message);

// Organizations: the HTTP status differs per error (service model).
const ORGANIZATIONS_STATUS: Record<string, number> = {
  TargetNotFoundException: 404,
  AccountNotFoundException: 404,
  ChildNotFoundException: 404,
  ParentNotFoundException: 404,
  AccessDeniedException: 403,
  ConcurrentModificationException: 409,
  ConstraintViolationException: 409,
  TooManyRequestsException: 429,
  ServiceException: 500,
  InvalidInputException: 400,
};

export function organizationsError(code: keyof typeof ORGANIZATIONS_STATUS & string, message: string, extra?: Record<string, unknown>): AwsError {
  return serviceError("organizations", code, ORGANIZATIONS_STATUS[code] ?? 400, message, extra);
}

export const invalidInput = (reason: string, message: string): AwsError => organizationsError("InvalidInputException", message, { Reason: reason });

export function eventBridgeError(code: string, status: number, message: string): AwsError {
  return serviceError("events", code, status, message);
}

/** Coral's request validation error (e.g. more than 10 PutEvents entries). */
export function validationError(message: string): AwsError {
  return new AwsError("com.amazon.coral.validate#ValidationException", 400, message, {}, "message");
}

/** The throttling answer each service gives; the SDK retries all three unless `maxAttempts: 1`. */
export function throttlingError(service: AwsService): AwsError {
  if (service === "organizations") {
    return organizationsError(
      "TooManyRequestsException",
      "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.",
      { Type: "TooManyRequestsException" },
    );
  }
  return serviceError(service, "ThrottlingException", 400, "Rate exceeded");
}
