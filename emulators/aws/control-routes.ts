import { z } from "zod";
import type { AwsContext } from "./aws-context.js";
import { AwsError } from "./aws-error.js";
import { randomAccountId } from "./aws-ids.js";
import { countInFlight, type AwsState, type ProvisioningSettings } from "./aws-state.js";
import { describeAccountShape, removeTags, upsertTags, validateTags } from "./organizations-api.js";

export interface ControlResponse {
  status: number;
  body: unknown;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface ControlRequest {
  ctx: AwsContext;
  params: Record<string, string>;
  body: unknown;
  /** The settings the emulator was started with; reset returns to them. */
  startupSettings: ProvisioningSettings;
}

interface ControlRoute {
  method: string;
  pattern: string;
  handle: (req: ControlRequest) => ControlResponse | Promise<ControlResponse>;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new ControlError(400, result.error.issues.map((issue) => `${issue.path.map(String).join(".") || "body"}: ${issue.message}`).join("; "));
}

const ok = (body: unknown, status = 200): ControlResponse => ({ status, body });

const serviceSchema = z.enum(["servicecatalog", "organizations", "events"]);

/** Organizations' validation answers, as control-route errors. */
function asControlError(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof AwsError) throw new ControlError(400, `${error.code}: ${error.message}`);
    throw error;
  }
}

function accountsView(state: AwsState): unknown[] {
  return state.accounts.map((account) => ({
    ...describeAccountShape(state, account),
    ParentId: account.parentId,
    Tags: state.tags[account.id] ?? [],
  }));
}

function requireAccount(state: AwsState, id: string) {
  const account = state.accounts.find((candidate) => candidate.id === id);
  if (!account) throw new ControlError(404, `no account ${id}`);
  return account;
}

function requireParent(state: AwsState, parentId: string): void {
  if (!state.roots.some((root) => root.id === parentId) && !state.ous.some((ou) => ou.id === parentId)) throw new ControlError(404, `no root or OU ${parentId}`);
}

const routes: ControlRoute[] = [
  // GET /__emulator/health
  {
    method: "GET",
    pattern: "/health",
    handle: ({ ctx }) => {
      const state = ctx.store.data;
      return ok({
        ok: true,
        service: "aws",
        organizationId: state.organization.id,
        managementAccountId: state.organization.managementAccountId,
        inFlight: countInFlight(state),
        peakInFlight: state.peakInFlight,
        settings: state.settings,
        persistent: ctx.store.persistent,
      });
    },
  },

  // GET /__emulator/state – everything, for assertions
  {
    method: "GET",
    pattern: "/state",
    handle: ({ ctx }) => {
      const state = ctx.store.data;
      return ok({
        organization: state.organization,
        roots: state.roots,
        ous: state.ous.map((ou) => ({ ...ou, tags: state.tags[ou.id] ?? [] })),
        accounts: accountsView(state),
        provisionedProducts: state.provisionedProducts,
        records: state.records,
        inFlight: countInFlight(state),
        peakInFlight: state.peakInFlight,
        settings: state.settings,
        failures: state.failures,
        throttles: state.throttles,
        delays: state.delays,
        events: state.events,
      });
    },
  },

  // POST /__emulator/reset – the seeded organization again, start-up settings, no rules, no events
  {
    method: "POST",
    pattern: "/reset",
    handle: async ({ ctx, startupSettings }) => {
      ctx.engine.close();
      await ctx.store.reset(startupSettings);
      return ok({ ok: true });
    },
  },

  // POST /__emulator/provisioning – {durationMs?, maxInFlight?, resetPeak?}
  {
    method: "POST",
    pattern: "/provisioning",
    handle: ({ ctx, body }) => {
      const input = parse(
        z.object({ durationMs: z.number().int().min(0).max(3_600_000).optional(), maxInFlight: z.number().int().min(1).max(100).optional(), resetPeak: z.boolean().optional() }),
        body,
      );
      const state = ctx.store.data;
      if (input.durationMs !== undefined) state.settings.durationMs = input.durationMs;
      if (input.maxInFlight !== undefined) state.settings.maxInFlight = input.maxInFlight;
      if (input.resetPeak) state.peakInFlight = countInFlight(state);
      return ok({ settings: state.settings, inFlight: countInFlight(state), peakInFlight: state.peakInFlight });
    },
  },

  // POST /__emulator/provisioning/complete – finish every in-flight record now
  {
    method: "POST",
    pattern: "/provisioning/complete",
    handle: ({ ctx }) => ok({ completed: ctx.engine.completeAll() }),
  },

  // POST /__emulator/failures – {count?, accountName?, accountEmail?, code?, description?}
  {
    method: "POST",
    pattern: "/failures",
    handle: ({ ctx, body }) => {
      const input = parse(
        z.object({
          count: z.number().int().min(1).default(1),
          accountName: z.string().min(1).optional(),
          accountEmail: z.string().min(1).optional(),
          code: z.string().min(1).default("ProvisioningFailed"),
          description: z.string().min(1).optional(),
        }),
        body,
      );
      const rule = {
        id: ctx.store.nextRuleId(),
        remaining: input.count,
        accountName: input.accountName ?? null,
        accountEmail: input.accountEmail ?? null,
        code: input.code,
        description: input.description ?? "AWS Control Tower failed to provision the account: the account baseline StackSet instance failed (emulated failure).",
      };
      ctx.store.data.failures.push(rule);
      return ok(rule, 201);
    },
  },
  { method: "GET", pattern: "/failures", handle: ({ ctx }) => ok(ctx.store.data.failures) },
  {
    method: "DELETE",
    pattern: "/failures",
    handle: ({ ctx }) => {
      ctx.store.data.failures = [];
      return ok({ ok: true });
    },
  },

  // POST /__emulator/throttles – {service?, operation?, count?}: the next N matching calls are throttled
  {
    method: "POST",
    pattern: "/throttles",
    handle: ({ ctx, body }) => {
      const input = parse(z.object({ service: serviceSchema.optional(), operation: z.string().min(1).optional(), count: z.number().int().min(1).default(1) }), body);
      const rule = { id: ctx.store.nextRuleId(), service: input.service ?? null, operation: input.operation ?? null, remaining: input.count };
      ctx.store.data.throttles.push(rule);
      return ok(rule, 201);
    },
  },
  { method: "GET", pattern: "/throttles", handle: ({ ctx }) => ok(ctx.store.data.throttles) },
  {
    method: "DELETE",
    pattern: "/throttles",
    handle: ({ ctx }) => {
      ctx.store.data.throttles = [];
      return ok({ ok: true });
    },
  },

  // POST /__emulator/delays – {service?, operation?, ms, count?}: matching calls answer ms later (count omitted: until deleted)
  {
    method: "POST",
    pattern: "/delays",
    handle: ({ ctx, body }) => {
      const input = parse(
        z.object({ service: serviceSchema.optional(), operation: z.string().min(1).optional(), ms: z.number().int().min(0).max(600_000), count: z.number().int().min(1).optional() }),
        body,
      );
      const rule = { id: ctx.store.nextRuleId(), service: input.service ?? null, operation: input.operation ?? null, ms: input.ms, remaining: input.count ?? null };
      ctx.store.data.delays.push(rule);
      return ok(rule, 201);
    },
  },
  { method: "GET", pattern: "/delays", handle: ({ ctx }) => ok(ctx.store.data.delays) },
  {
    method: "DELETE",
    pattern: "/delays",
    handle: ({ ctx }) => {
      ctx.store.data.delays = [];
      return ok({ ok: true });
    },
  },

  // POST /__emulator/tags/:resourceId – {set?: {Key: Value}, remove?: [Key]}: drift made outside the portal
  {
    method: "POST",
    pattern: "/tags/:resourceId",
    handle: ({ ctx, params, body }) => {
      const input = parse(z.object({ set: z.record(z.string(), z.string()).default({}), remove: z.array(z.string()).default([]) }), body);
      const state = ctx.store.data;
      const id = params.resourceId ?? "";
      if (!state.accounts.some((a) => a.id === id) && !state.ous.some((ou) => ou.id === id) && !state.roots.some((root) => root.id === id)) {
        throw new ControlError(404, `no account, OU or root ${id}`);
      }
      const tags = Object.entries(input.set).map(([Key, Value]) => ({ Key, Value }));
      asControlError(() => {
        validateTags(tags);
        upsertTags(state, id, tags);
      });
      removeTags(state, id, input.remove);
      return ok({ resourceId: id, tags: state.tags[id] });
    },
  },

  // POST /__emulator/accounts – {name, email, parentId, tags?, state?}: an account made outside Account Factory
  {
    method: "POST",
    pattern: "/accounts",
    handle: ({ ctx, body }) => {
      const input = parse(
        z.object({
          id: z.string().regex(/^\d{12}$/).optional(),
          name: z.string().min(1).max(50),
          email: z.string().min(6).max(64),
          parentId: z.string(),
          tags: z.record(z.string(), z.string()).default({}),
          state: z.enum(["ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED"]).default("ACTIVE"),
          joinedMethod: z.enum(["CREATED", "INVITED"]).default("INVITED"),
        }),
        body,
      );
      const state = ctx.store.data;
      requireParent(state, input.parentId);
      const taken = new Set(state.accounts.map((account) => account.id));
      if (input.id && taken.has(input.id)) throw new ControlError(409, `account ${input.id} exists`);
      if (state.accounts.some((account) => account.email.toLowerCase() === input.email.toLowerCase())) throw new ControlError(409, `email ${input.email} is in use`);
      const tags = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
      asControlError(() => validateTags(tags));
      const account = {
        id: input.id ?? randomAccountId(taken),
        name: input.name,
        email: input.email,
        parentId: input.parentId,
        state: input.state,
        joinedMethod: input.joinedMethod,
        joinedAt: ctx.now(),
      };
      state.accounts.push(account);
      state.tags[account.id] = tags;
      return ok(describeAccountShape(state, account), 201);
    },
  },

  // PATCH /__emulator/accounts/:id – {parentId?, state?, name?, email?}: move, suspend or rename behind the portal's back
  {
    method: "PATCH",
    pattern: "/accounts/:id",
    handle: ({ ctx, params, body }) => {
      const input = parse(
        z.object({
          parentId: z.string().optional(),
          state: z.enum(["ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED"]).optional(),
          name: z.string().min(1).max(50).optional(),
          email: z.string().min(6).max(64).optional(),
        }),
        body,
      );
      const state = ctx.store.data;
      const account = requireAccount(state, params.id ?? "");
      if (input.parentId !== undefined) {
        requireParent(state, input.parentId);
        account.parentId = input.parentId;
      }
      if (input.state !== undefined) account.state = input.state;
      if (input.name !== undefined) account.name = input.name;
      if (input.email !== undefined) account.email = input.email;
      return ok(describeAccountShape(state, account));
    },
  },

  // GET /__emulator/events – what PutEvents received (accepted and refused entries)
  { method: "GET", pattern: "/events", handle: ({ ctx }) => ok(ctx.store.data.events) },
  {
    method: "DELETE",
    pattern: "/events",
    handle: ({ ctx }) => {
      ctx.store.data.events = [];
      return ok({ ok: true });
    },
  },
];

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? "";
    const value = got[i] ?? "";
    if (part.startsWith(":")) {
      if (!value) return null;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) return null;
  }
  return params;
}

/** Runs the control route for `method path` (path without the `/__emulator` prefix). */
export async function handleControlRequest(options: { ctx: AwsContext; method: string; path: string; body: unknown; startupSettings: ProvisioningSettings }): Promise<ControlResponse> {
  let pathFound = false;
  for (const route of routes) {
    const params = match(route.pattern, options.path);
    if (!params) continue;
    pathFound = true;
    if (route.method !== options.method) continue;
    return route.handle({ ctx: options.ctx, params, body: options.body, startupSettings: options.startupSettings });
  }
  throw new ControlError(pathFound ? 405 : 404, pathFound ? `${options.method} not allowed on ${options.path}` : `no control route ${options.path}`);
}
