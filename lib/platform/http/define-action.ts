import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireViewer } from "../auth/get-viewer";
import type { Requirement, Viewer } from "../auth/roles";
import { runInRequestContext } from "../audit/request-context";
import type { FieldError } from "@/lib/errors/app-error";
import { toErrorBody } from "./error-response";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fieldErrors?: FieldError[] } };

/**
 * The one way to build a server action: runs it as one request (one request id for its
 * audit rows), validates input with zod, checks the requirement, and returns errors as
 * values (never throws to the client), in the same shape route handlers use.
 */
export function defineAction<S extends z.ZodType, T>(
  options: { input: S; require?: Requirement | ((input: z.infer<S>) => Requirement) },
  run: (context: { input: z.infer<S>; viewer: Viewer }) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return (raw) =>
    runInRequestContext(async (): Promise<ActionResult<T>> => {
      try {
        // Sign-in first, so anonymous callers learn nothing about the input schema.
        const staticRequirement = typeof options.require === "function" ? undefined : options.require;
        const signedIn = await requireViewer(staticRequirement);
        const input = options.input.parse(raw) as z.infer<S>;
        const viewer =
          typeof options.require === "function" ? await requireViewer(options.require(input)) : signedIn;
        return { ok: true, data: await run({ input, viewer }) };
      } catch (error) {
        // redirect() and notFound() are signalled by throwing; let Next see them.
        unstable_rethrow(error);
        return { ok: false, error: toErrorBody(error).body.error };
      }
    });
}
