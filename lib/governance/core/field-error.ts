import type { FieldError } from "@/lib/errors/app-error";

/** Validation that collects every problem (one per field) instead of stopping at the first. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const fieldError = (path: string, message: string): FieldError => ({ path, message });
