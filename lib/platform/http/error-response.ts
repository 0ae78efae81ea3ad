import { ZodError } from "zod";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { currentRequestId } from "../audit/request-context";
import { isDatabaseUnavailable } from "../is-database-unavailable";
import { logger } from "../logger";
import { HttpError } from "./http-error";

export interface ErrorBody {
  error: { code: string; message: string; fieldErrors?: FieldError[] };
}

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}

/**
 * The one place errors become HTTP: zod → 422, AppError → its status, HttpError (refusals at
 * the edge: malformed JSON, too large, unavailable) → its status, a database timeout or lost
 * connection → 503, anything else → 500 with a generic message. Details of unexpected errors go to the log only.
 */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof ZodError) {
    const fieldErrors = zodFieldErrors(error);
    return {
      status: 422,
      body: {
        error: {
          code: "INVALID_INPUT",
          message: fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; "),
          fieldErrors,
        },
      },
    };
  }
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {}),
        },
      },
    };
  }
  // The request's id when there is one, so the reference a user quotes finds the log line and the audit rows.
  const reference = currentRequestId() ?? crypto.randomUUID();
  if (isDatabaseUnavailable(error)) {
    // A timeout or a lost connection: the request fails fast and may be retried.
    logger.warn("database unavailable", { reference, error });
    return {
      status: 503,
      body: { error: { code: "UNAVAILABLE", message: `The database did not answer in time; try again shortly (reference ${reference}).` } },
    };
  }
  logger.error("unhandled error", { reference, error });
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: `Something went wrong on our side (reference ${reference}).` } },
  };
}

export function errorResponse(error: unknown): Response {
  const { status, body } = toErrorBody(error);
  const headers = error instanceof HttpError ? error.headers : status === 503 ? { "retry-after": "5" } : undefined;
  return Response.json(body, { status, headers });
}
