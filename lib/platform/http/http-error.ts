/**
 * A refusal at the HTTP edge, before any use case runs: a body that is not JSON (400), too
 * large (413), of the wrong type (415), or a service that cannot take the request now (503).
 * Use cases throw `AppError`; this is for the wrappers and the webhook intake only.
 */
export type HttpErrorCode = "BAD_REQUEST" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "SERVICE_UNAVAILABLE";

const httpErrorStatus: Record<HttpErrorCode, number> = {
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
};

export class HttpError extends Error {
  readonly code: HttpErrorCode;
  /** Extra response headers, e.g. `Connection: close` when the body was left unread. */
  readonly headers: Record<string, string>;

  constructor(code: HttpErrorCode, message: string, extra: { headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: extra.cause });
    this.name = "HttpError";
    this.code = code;
    this.headers = extra.headers ?? {};
  }

  get status(): number {
    return httpErrorStatus[this.code];
  }
}
