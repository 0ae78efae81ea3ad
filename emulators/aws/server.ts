import { randomUUID } from "node:crypto";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { AwsContext, Operation } from "./aws-context.js";
import { AwsError, frontDoorError, throttlingError, type AwsService } from "./aws-error.js";
import type { ProvisioningSettings } from "./aws-state.js";
import { ControlError, handleControlRequest } from "./control-routes.js";
import { eventBridgeOperations } from "./eventbridge-api.js";
import { takeDelay, takeThrottle } from "./fault-rules.js";
import { organizationsOperations } from "./organizations-api.js";
import { ProvisioningEngine } from "./provisioning-engine.js";
import { serviceCatalogOperations } from "./service-catalog-api.js";
import { StateStore } from "./state-store.js";

export { ACCOUNT_FACTORY_PRODUCT_NAME } from "./account-factory-product.js";
export { CONTROL_TOWER_BUSY_MESSAGE } from "./service-catalog-api.js";

export interface AwsEmulatorOptions {
  /** 0 = random; the dev default is 4030. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `state.json` lives here when given (created if missing); otherwise the state is in memory only. */
  stateDir?: string;
  /** How long an Account Factory provision takes; default 20 000 ms (the demo's pace). */
  provisionMs?: number;
  /** Concurrent account operations Control Tower accepts; default 5. */
  maxInFlight?: number;
  /** Base URL clients should use when it differs from the listening address. */
  publicUrl?: string;
}

export interface AwsEmulator {
  /** One endpoint for all three services: set it as AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE>. */
  url: string;
  /** The variables that point the AWS SDK v3 clients at this emulator. */
  clientEnv: Record<string, string>;
  close(): Promise<void>;
}

const CONTROL_PREFIX = "/__emulator";
const MAX_BODY_BYTES = 1024 * 1024;
const JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

const SERVICES: Record<string, { service: AwsService; operations: Record<string, Operation> }> = {
  AWS242ServiceCatalogService: { service: "servicecatalog", operations: serviceCatalogOperations },
  AWSOrganizationsV20161128: { service: "organizations", operations: organizationsOperations },
  AWSEvents: { service: "events", operations: eventBridgeOperations },
};

/** Dummy credentials: the emulator wants a SigV4 header but never checks the signature. */
export const EMULATOR_CREDENTIALS = { accessKeyId: "AKIAEMULATORBULKHEAD", secretAccessKey: "bulkhead-emulator-secret-key" };

// AWS4-HMAC-SHA256 Credential=AKID/20261130/us-east-1/servicecatalog/aws4_request, SignedHeaders=..., Signature=<hex>
// (SigV4a, which EventBridge uses for global endpoints, has no region in its scope.)
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=[^/\s,]+\/\d{8}\/[^/\s,]+\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=[^,\s]+,\s*Signature=[0-9a-f]{64}$/;
const SIGV4A = /^AWS4-ECDSA-P256-SHA256 Credential=[^/\s,]+\/\d{8}\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=[^,\s]+,\s*Signature=[0-9a-f]+$/;

/**
 * Refuses what AWS's front door refuses before any service code runs: no Authorization header at all
 * (MissingAuthenticationTokenException), a header that is not SigV4 or lacks X-Amz-Date
 * (IncompleteSignatureException), and a credential scoped to another service (InvalidSignatureException).
 * The signature itself is not verified.
 */
function checkSignature(headers: IncomingHttpHeaders, service: AwsService): void {
  const authorization = headers.authorization;
  if (!authorization) throw frontDoorError("MissingAuthenticationTokenException", "Request is missing Authentication Token");
  const scope = SIGV4.exec(authorization) ?? SIGV4A.exec(authorization);
  if (!scope) {
    throw frontDoorError(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
    );
  }
  if (!headers["x-amz-date"] && !headers.date) {
    throw frontDoorError("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (scope[1] !== service) throw frontDoorError("InvalidSignatureException", `Credential should be scoped to correct service: '${service}'. `);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw frontDoorError("SerializationException", "Request body too large", 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function writeJson(res: ServerResponse, status: number, body: unknown, contentType: string): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "content-type": contentType, "content-length": String(payload.length), "x-amzn-requestid": randomUUID() });
  res.end(payload);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    throw frontDoorError("SerializationException", "Start of structure or map found where not expected.");
  }
}

/**
 * Starts the AWS emulator: Service Catalog (Account Factory), Organizations and EventBridge over AWS
 * JSON 1.1 on `POST /`, plus `/__emulator/*` control routes for tests. The real SDK v3 clients reach it
 * through `AWS_ENDPOINT_URL_*` alone.
 */
export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const startupSettings: ProvisioningSettings = { durationMs: options.provisionMs ?? 20_000, maxInFlight: options.maxInFlight ?? 5 };
  const store = await StateStore.load({ stateDir: options.stateDir ? path.resolve(options.stateDir) : undefined, settings: startupSettings });
  const now = () => Date.now();
  const engine = new ProvisioningEngine(store, now);
  const ctx: AwsContext = { store, engine, now };
  engine.resume();

  const handleApi = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    const dot = target.lastIndexOf(".");
    const entry = SERVICES[target.slice(0, dot)];
    if (!entry) throw frontDoorError("UnknownOperationException", target ? `Unknown target ${target}` : "Missing X-Amz-Target header");
    checkSignature(req.headers, entry.service);
    const operationName = target.slice(dot + 1);
    const operation = entry.operations[operationName];
    if (!operation) throw frontDoorError("UnknownOperationException", `Unknown operation ${operationName}`);
    if (!String(req.headers["content-type"] ?? "").startsWith(JSON_CONTENT_TYPE)) {
      throw frontDoorError("SerializationException", `Content-Type must be ${JSON_CONTENT_TYPE}`);
    }
    const input = parseJson(raw);
    if (input === null || typeof input !== "object" || Array.isArray(input)) throw frontDoorError("SerializationException", "The request body must be a JSON object.");

    const delay = takeDelay(store.data, entry.service, operationName);
    if (delay > 0) await sleep(delay);
    const advanced = engine.advance();
    const throttled = takeThrottle(store.data, entry.service, operationName);
    if (throttled) {
      void store.save();
      throw throttlingError(entry.service);
    }
    try {
      const output = operation.handle(ctx, input);
      writeJson(res, 200, output, JSON_CONTENT_TYPE);
    } finally {
      if (advanced || operation.mutates || delay > 0) await store.save();
    }
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, controlPath: string): Promise<void> => {
    const raw = await readBody(req);
    let body: unknown = {};
    try {
      body = raw.length ? (JSON.parse(raw.toString("utf8")) as unknown) : {};
    } catch {
      throw new ControlError(400, "body is not JSON");
    }
    const method = req.method ?? "GET";
    const advanced = engine.advance();
    const response = await handleControlRequest({ ctx, method, path: controlPath, body, startupSettings });
    if (advanced || method !== "GET") await store.save();
    writeJson(res, response.status, response.body, "application/json; charset=utf-8");
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const isControl = url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    const work = isControl
      ? handleControl(req, res, url.pathname.slice(CONTROL_PREFIX.length))
      : req.method === "POST" && url.pathname === "/"
        ? handleApi(req, res)
        : Promise.resolve(writeJson(res, 404, { message: "Not Found" }, "application/json"));
    work.catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof AwsError) writeJson(res, error.status, error.toBody(), JSON_CONTENT_TYPE);
      else if (error instanceof ControlError) writeJson(res, error.status, { error: error.message }, "application/json; charset=utf-8");
      else {
        console.error("[aws-emulator]", error);
        const internal = frontDoorError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
        writeJson(res, internal.status, internal.toBody(), JSON_CONTENT_TYPE);
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = (options.publicUrl ?? `http://${urlHost}:${address.port}`).replace(/\/+$/, "");

  return {
    url,
    clientEnv: {
      AWS_ENDPOINT_URL_SERVICE_CATALOG: url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    },
    async close() {
      engine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.save();
    },
  };
}
