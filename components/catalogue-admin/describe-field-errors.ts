import type { FieldError } from "@/lib/errors/app-error";

/** Human names of the fields the catalogue's admin forms send, as their labels show them. */
export const CATALOGUE_FIELD_LABELS: Record<string, string> = {
  versionId: "Version",
  action: "Action",
  reason: "Reason",
  severity: "Severity",
  advisoryUrl: "Advisory link",
  fixedIn: "Fixed in",
  upgradeDeadline: "Upgrade deadline",
  repository: "Repository",
  layout: "Layout",
  modulesDir: "Modules folder",
  defaultOwners: "Default owners",
  sourceId: "Source",
};

/**
 * A form's error message in the words of its labels ("Reason: say why…"), never the raw
 * field keys the server names them by; falls back to the server's message without fields.
 */
export function describeFieldErrors(error: { message: string; fieldErrors?: FieldError[] }, labels: Record<string, string> = CATALOGUE_FIELD_LABELS): string {
  const fields = error.fieldErrors ?? [];
  if (fields.length === 0) return error.message;
  return fields.map((f) => `${labels[f.path] ?? "This form"}: ${f.message}`).join(" ");
}

/** Field errors keyed by field, for showing each under its input. */
export function fieldErrorMap(error: { fieldErrors?: FieldError[] }): Record<string, string> {
  return Object.fromEntries((error.fieldErrors ?? []).map((e) => [e.path, e.message]));
}
