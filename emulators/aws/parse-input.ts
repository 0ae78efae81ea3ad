import type { z } from "zod";
import type { AwsError } from "./aws-error.js";

export interface InputProblem {
  message: string;
  field: string;
  /** True when the field is absent, rather than present with a wrong value. */
  missing: boolean;
}

/**
 * Validates an operation's JSON input with zod, turning the first problem into the service's own
 * validation error with a message that names the field, as AWS does ("1 validation error detected").
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, toError: (problem: InputProblem) => AwsError): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join(".") || "input";
  const missing = issue?.code === "invalid_type" && issue.message.includes("received undefined");
  const detail = missing ? "Member must not be null" : (issue?.message ?? "invalid");
  return throwProblem(toError({ message: `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${detail}`, field, missing }));
}

function throwProblem(error: AwsError): never {
  throw error;
}
