import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Operation, OperationHandler } from "./aws-context.js";
import { validationError } from "./aws-error.js";
import type { ReceivedEvent } from "./aws-state.js";
import { parseInput } from "./parse-input.js";

/** Received events kept for the control route; older ones are dropped first. */
export const MAX_RECORDED_EVENTS = 1_000;

const entrySchema = z.object({
  Time: z.number().optional(),
  Source: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  TraceHeader: z.string().optional(),
});

const putEventsSchema = z.object({
  Entries: z.array(entrySchema).min(1, "Member must have length greater than or equal to 1").max(10, "Member must have length less than or equal to 10"),
  EndpointId: z.string().optional(),
});

type Entry = z.infer<typeof entrySchema>;

/** Why EventBridge would refuse one entry, in its own codes; null when it accepts it. */
function entryError(entry: Entry): { code: string; message: string } | null {
  for (const field of ["Source", "DetailType", "Detail"] as const) {
    if (!entry[field]) return { code: "InvalidArgument", message: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
  }
  if (entry.Source!.startsWith("aws.")) return { code: "NotAuthorizedForSourceException", message: "Not authorized for the source." };
  try {
    const detail = JSON.parse(entry.Detail!) as unknown;
    if (detail === null || typeof detail !== "object" || Array.isArray(detail)) return { code: "MalformedDetail", message: "Detail is malformed." };
  } catch {
    return { code: "MalformedDetail", message: "Detail is malformed." };
  }
  if (Buffer.byteLength(JSON.stringify(entry)) > 256 * 1024) return { code: "InvalidArgument", message: "Entry size exceeds the 256 KB limit." };
  return null;
}

const putEvents: OperationHandler = (ctx, input) => {
  const request = parseInput(putEventsSchema, input, (problem) => validationError(problem.message.replace("Value at 'Entries'", "Value at 'entries'")));
  const state = ctx.store.data;
  const now = ctx.now();
  const results = request.Entries.map((entry) => {
    const error = entryError(entry);
    const eventId = error ? null : randomUUID();
    const received: ReceivedEvent = {
      receivedAt: now,
      accepted: !error,
      eventId,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
      source: entry.Source ?? null,
      detailType: entry.DetailType ?? null,
      detail: entry.Detail ?? null,
      eventBusName: entry.EventBusName ?? "default",
      time: entry.Time === undefined ? null : Math.round(entry.Time * 1000),
      resources: entry.Resources ?? [],
    };
    state.events.push(received);
    return error ? { ErrorCode: error.code, ErrorMessage: error.message } : { EventId: eventId };
  });
  if (state.events.length > MAX_RECORDED_EVENTS) state.events.splice(0, state.events.length - MAX_RECORDED_EVENTS);
  return { FailedEntryCount: results.filter((result) => "ErrorCode" in result).length, Entries: results };
};

/** `AWSEvents.<Operation>`. */
export const eventBridgeOperations: Record<string, Operation> = {
  PutEvents: { handle: putEvents, mutates: true },
};
