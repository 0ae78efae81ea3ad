import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);

type JsonObject = Record<string, unknown>;

/** One API call as a client saw it. */
export interface HttpExchange {
  method: string;
  /** The operation's path template, as in the description: `/repos/{owner}/{repo}/git/ref/{ref}`. */
  route: string;
  status: number;
  /** The response's content type; a raw media type has no schema to check. */
  contentType: string;
  /** The request's Accept header: `application/vnd.github.object` selects that media type's schema. */
  accept: string;
  body: unknown;
}

export interface WebhookDelivery {
  /** `X-GitHub-Event`, e.g. `pull_request`. */
  event: string;
  payload: JsonObject;
}

export interface GithubContract {
  /** What is wrong with a response: a status the operation does not document, or a body off its schema. */
  checkResponse(exchange: HttpExchange): string[];
  /** What is wrong with a webhook payload, against the description of `<event>-<action>`. */
  checkWebhook(delivery: WebhookDelivery): string[];
  /**
   * The description's path template for a route as code spells it, where `{param}` or `${expr}`
   * stand for one segment (`/repos/{owner}/{repo}/contents/${encoded}` → `…/contents/{path}`).
   */
  findOperation(method: string, route: string): string | null;
}

export interface LoadGithubContractOptions {
  /** Which of @octokit/openapi's descriptions; the emulator serves GHES-style URLs but behaves as api.github.com. */
  description?: "api.github.com" | "ghec" | "ghes-3.19";
}

const METHODS = ["get", "put", "post", "delete", "patch", "head"];

/** JSON pointer segment, also escaped for use inside a URI fragment (`{owner}` braces, slashes). */
function pointerSegment(value: string): string {
  return encodeURIComponent(value.replace(/~/g, "~0").replace(/\//g, "~1"));
}

function readDescription(specifier: string): JsonObject {
  return JSON.parse(readFileSync(require.resolve(specifier), "utf8")) as JsonObject;
}

/**
 * Places where GitHub's description is known to be wrong about what GitHub sends; the emulator
 * sends what GitHub sends, and the schema is corrected here, each with the upstream issue.
 */
const KNOWN_INACCURACIES: Array<{ issue: string; path: string[]; patch: JsonObject }> = [
  {
    // A label created by adding it to an issue has no description: GitHub sends null.
    issue: "https://github.com/github/rest-api-description/issues/1812",
    path: ["components", "schemas", "pull-request-simple", "properties", "labels", "items", "properties", "description"],
    patch: { nullable: true },
  },
];

function correctKnownInaccuracies(description: JsonObject): JsonObject {
  for (const { path, patch } of KNOWN_INACCURACIES) {
    const node = path.reduce<unknown>((at, key) => (at as JsonObject | undefined)?.[key], description) as JsonObject | undefined;
    if (!node) throw new Error(`the description moved: nothing at ${path.join(".")}; recheck KNOWN_INACCURACIES`);
    Object.assign(node, patch);
  }
  return description;
}

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: a null type (and a null enum member) beside a
 * `type`, or `anyOf: [schema, {type: null}]` around a `$ref`/`allOf` (which ajv refuses outright).
 */
function rewriteNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (node === null || typeof node !== "object") return node;
  const { nullable, ...rest } = node as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(rest)) out[key] = key === "example" || key === "examples" ? value : rewriteNullable(value);
  if (nullable !== true) return out;
  if (typeof out.type === "string") {
    const enumWithNull = Array.isArray(out.enum) && !out.enum.includes(null) ? { enum: [...out.enum, null] } : {};
    return { ...out, type: [out.type, "null"], ...enumWithNull };
  }
  return { anyOf: [out, { type: "null" }] };
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 12).map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

function mediaType(value: string): string {
  return value.split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * Validates responses and webhook payloads against GitHub's official OpenAPI descriptions
 * (`@octokit/openapi`, `@octokit/openapi-webhooks`) with ajv. The descriptions are loaded once and
 * each schema is compiled on first use only, so checking a few dozen operations stays fast.
 */
export function loadGithubContract(options: LoadGithubContractOptions = {}): GithubContract {
  const name = options.description ?? "api.github.com";
  const rest = rewriteNullable(correctKnownInaccuracies(readDescription(`@octokit/openapi/generated/${name}.json`))) as JsonObject;
  const webhooks = readDescription(`@octokit/openapi-webhooks/generated/${name}.json`);
  // OpenAPI keywords (nullable, discriminator, example, x-github) are not JSON Schema: non-strict ignores them.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // GitHub's own data breaks the stricter email regex: bot authors are `1+app[bot]@users.noreply.github.com`.
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
  ajv.addSchema({ ...rest, $id: "rest" }, undefined, undefined, false);
  ajv.addSchema({ ...webhooks, $id: "webhooks" }, undefined, undefined, false);
  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (ref: string): ValidateFunction => {
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      validators.set(ref, validate);
    }
    return validate;
  };
  const paths = rest.paths as Record<string, Record<string, JsonObject>>;
  const components = rest.components as { responses: Record<string, JsonObject> };

  return {
    findOperation(method, route) {
      const wanted = route.split("?")[0]!.replace(/\$\{[^}]*\}/g, "{*}").replace(/^\/?/, "/").split("/");
      const verb = method.toLowerCase();
      // A template segment `{x}` takes any segment; of the templates that fit, the most literal wins.
      let best: { template: string; literals: number } | null = null;
      for (const [template, operations] of Object.entries(paths)) {
        if (!operations[verb]) continue;
        const segments = template.split("/");
        if (segments.length !== wanted.length) continue;
        let literals = 0;
        const fits = segments.every((segment, i) => {
          const actual = wanted[i] ?? "";
          if (segment.startsWith("{")) return true;
          literals += 1;
          return segment === actual;
        });
        if (fits && (!best || literals > best.literals)) best = { template, literals };
      }
      return best?.template ?? null;
    },

    checkResponse(exchange) {
      const verb = exchange.method.toLowerCase();
      if (!METHODS.includes(verb)) return [`unknown method ${exchange.method}`];
      const operation = paths[exchange.route]?.[verb] as { operationId?: string; responses?: Record<string, JsonObject> } | undefined;
      const label = `${exchange.method} ${exchange.route} → ${exchange.status}`;
      if (!operation?.responses) return [`${label}: no such operation in the description`];
      const declared = operation.responses[String(exchange.status)];
      if (!declared) return [`${label}: status not documented (documented: ${Object.keys(operation.responses).join(", ")})`];
      let base = `rest#/paths/${pointerSegment(exchange.route)}/${verb}/responses/${exchange.status}`;
      let response = declared;
      const shared = typeof declared.$ref === "string" ? /^#\/components\/responses\/(.+)$/.exec(declared.$ref)?.[1] : undefined;
      if (shared) {
        response = components.responses[shared] ?? {};
        base = `rest#/components/responses/${pointerSegment(shared)}`;
      }
      const content = (response.content ?? {}) as Record<string, { schema?: unknown }>;
      const received = mediaType(exchange.contentType);
      if (Object.keys(content).length === 0 || exchange.body === undefined || exchange.body === "") return [];
      if (received !== "application/json") {
        // A raw media type (file bytes) has no schema; it must be one the operation supports.
        return /application\/vnd\.github(\.v3)?\.raw/.test(exchange.accept) ? [] : [`${label}: unexpected content type ${received}`];
      }
      const wantsObject = /application\/vnd\.github(\.v3)?\.object/.test(exchange.accept) && content["application/vnd.github.object"];
      const media = wantsObject ? "application/vnd.github.object" : "application/json";
      if (!content[media]?.schema) return [`${label}: no ${media} schema documented`];
      const validate = validatorAt(`${base}/content/${pointerSegment(media)}/schema`);
      return validate(exchange.body) ? [] : formatErrors(validate.errors).map((e) => `${label} (${operation.operationId ?? ""}): ${e}`);
    },

    checkWebhook(delivery) {
      const described = webhooks.webhooks as Record<string, unknown>;
      const action = typeof delivery.payload.action === "string" ? delivery.payload.action : null;
      const event = delivery.event.replace(/_/g, "-");
      const key = action && described[`${event}-${action}`] ? `${event}-${action}` : event;
      const label = `webhook ${delivery.event}${action ? `.${action}` : ""}`;
      if (!described[key]) return [`${label}: not in the webhooks description`];
      const validate = validatorAt(`webhooks#/webhooks/${pointerSegment(key)}/post/requestBody/content/${pointerSegment("application/json")}/schema`);
      return validate(delivery.payload) ? [] : formatErrors(validate.errors).map((e) => `${label}: ${e}`);
    },
  };
}
