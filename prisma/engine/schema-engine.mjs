#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, which cannot be downloaded offline.
// The Prisma CLI spawns whatever PRISMA_SCHEMA_ENGINE_BINARY names; this script speaks the
// same command line and JSON-RPC protocol, and drives @prisma/schema-engine-wasm through
// @prisma/adapter-pg. See README.md beside this file for the why and the pitfalls.

import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { z } from "zod";

// stdout is the JSON-RPC channel: a stray console.log from any library would corrupt it.
console.log = console.error;
console.info = console.error;

const RPC_ERROR_CODE = 4466;
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CLI_COMMANDS = ["can-connect-to-database", "create-database", "drop-database"];

const datasourceSchema = z.object({
  url: z.string().min(1).optional(),
  shadowDatabaseUrl: z.string().min(1).optional(),
});

const rpcMessageSchema = z.object({
  jsonrpc: z.literal("2.0").optional(),
  id: z.union([z.number(), z.string()]).optional(),
  method: z.string().optional(),
  params: z.unknown().optional(),
  result: z.unknown().optional(),
  error: z.unknown().optional(),
});

/** A user-facing engine error, shaped like the native engine's `UserFacingError`. */
class EngineError extends Error {
  constructor({ message, errorCode = null, meta = {} }) {
    super(message);
    this.name = "EngineError";
    this.errorCode = errorCode;
    this.meta = meta;
  }
}

/**
 * Parses the native binary's command line: `--datamodels <path>` (repeatable),
 * `--datasource <json>`, `--version`, and `cli <command>`. Unknown flags the CLI may add
 * (preview features, extension types) are accepted and ignored.
 */
function parseArgs(argv) {
  const options = { datamodels: [], datasource: {}, version: false, help: false, cliCommand: null };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") options.version = true;
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--datamodels" || arg === "-d") options.datamodels.push(argv[++i]);
    else if (arg === "--datasource") options.datasource = datasourceSchema.parse(JSON.parse(argv[++i] ?? "{}"));
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i += 1;
    else if (arg === "cli") options.cliCommand = argv[++i] ?? "";
  }
  return options;
}

/**
 * Turns a `postgresql://` URL into separate pg fields. A `connectionString` would make pg
 * ignore `database`, which is exactly the field a shadow database has to override.
 */
function parsePostgresUrl(rawUrl) {
  let url;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new EngineError({ message: "The provided database string is invalid. Unable to parse the URL.", errorCode: "P1013" });
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new EngineError({
      message: `This stand-in schema engine only supports postgresql:// URLs, got \`${url.protocol}//\`.`,
      errorCode: "P1013",
    });
  }
  const params = url.searchParams;
  const socketHost = params.get("host");
  const config = {
    host: socketHost ?? (decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, "$1") || "localhost"),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || process.env.PGUSER || "postgres",
    password: decodeURIComponent(url.password) || undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
  };
  const schema = params.get("schema") ?? "public";
  if (params.has("schema")) config.options = `-c search_path="${schema.replaceAll('"', '""')}"`;
  const sslmode = params.get("sslmode");
  if (sslmode === "require" || sslmode === "prefer") config.ssl = { rejectUnauthorized: false };
  else if (sslmode === "verify-full" || sslmode === "verify-ca") config.ssl = true;
  const connectTimeout = params.get("connect_timeout");
  if (connectTimeout) config.connectionTimeoutMillis = Number(connectTimeout) * 1000;
  const applicationName = params.get("application_name");
  if (applicationName) config.application_name = applicationName;
  return { config, schema, location: `${config.host}:${config.port}` };
}

function quoteIdentifier(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Maps connection-level pg errors onto the P1xxx codes the CLI branches on (P1003 triggers create). */
function toConnectionError(error, target) {
  if (error instanceof EngineError) return error;
  const { config, location } = target;
  switch (error?.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
      return new EngineError({
        message: `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.`,
        errorCode: "P1001",
        meta: { database_host: config.host, database_port: config.port },
      });
    case "28P01":
    case "28000":
      return new EngineError({
        message: `Authentication failed against database server, the provided database credentials for \`${config.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${location}\`.`,
        errorCode: "P1000",
        meta: { database_user: config.user, database_host: config.host },
      });
    case "3D000":
      return new EngineError({
        message: `Database \`${config.database}\` does not exist on the database server at \`${location}\`.`,
        errorCode: "P1003",
        meta: { database_name: config.database, database_host: config.host, database_port: config.port },
      });
    case "42P04":
      return new EngineError({
        message: `Database \`${config.database}\` already exists on the database server at \`${location}\``,
        errorCode: "P1009",
        meta: { database_name: config.database, database_host: config.host, database_port: config.port },
      });
    default:
      return new EngineError({ message: error?.message ?? String(error) });
  }
}

async function withClient(config, fn) {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs `fn` on a maintenance connection, because a database cannot be created or dropped from inside itself. */
async function withMaintenanceClient(config, fn) {
  let lastError;
  for (const database of ["postgres", "template1"]) {
    if (database === config.database) continue;
    let connected = false;
    try {
      return await withClient({ ...config, database }, (client) => {
        connected = true;
        return fn(client);
      });
    } catch (error) {
      if (connected || error?.code !== "3D000") throw error;
      lastError = error;
    }
  }
  throw lastError ?? new Error("No maintenance database to connect to.");
}

async function canConnectToDatabase(url) {
  const target = parsePostgresUrl(url);
  try {
    await withClient(target.config, (client) => client.query("SELECT 1"));
  } catch (error) {
    throw toConnectionError(error, target);
  }
  return target.config.database;
}

async function createDatabase(url) {
  const target = parsePostgresUrl(url);
  try {
    await withMaintenanceClient(target.config, (client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(target.config.database)}`),
    );
  } catch (error) {
    throw toConnectionError(error, target);
  }
  return target.config.database;
}

async function dropDatabase(url) {
  const target = parsePostgresUrl(url);
  try {
    await withMaintenanceClient(target.config, (client) =>
      client.query(`DROP DATABASE ${quoteIdentifier(target.config.database)}`),
    );
  } catch (error) {
    throw toConnectionError(error, target);
  }
  return target.config.database;
}

/**
 * Fixes two adapter-pg behaviours on one connection (pool or transaction):
 * - the engine's catalog queries return the internal `"char"` type (OID 18), which adapter-pg
 *   rejects ("Column type 'char' could not be deserialized"; a wasm panic on PGlite);
 * - adapter-pg's executeScript splits on every `;`, breaking string literals and `$$` bodies,
 *   whereas the native engine sends the whole script as one simple query.
 */
function patchQueryable(queryable) {
  const charColumnsByRows = new WeakMap();
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) charColumns.push(index);
    });
    if (charColumns.length === 0) return result;
    const fields = result.fields.map((field) =>
      field.dataTypeID === PG_CHAR_OID ? { ...field, dataTypeID: PG_TEXT_OID } : field,
    );
    charColumnsByRows.set(result.rows, charColumns);
    return { ...result, fields };
  };
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumnsByRows.get(resultSet.rows) ?? []) {
      resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return resultSet;
  };
  if (typeof queryable.startTransaction === "function") {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => patchQueryable(await startTransaction(...args));
  }
  if (typeof queryable.executeScript === "function") {
    const pool = queryable.underlyingDriver();
    queryable.executeScript = async (script) => {
      try {
        await pool.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
  }
  return queryable;
}

/**
 * Builds the migration-aware adapter factory the wasm engine needs. The shadow database is
 * ours rather than adapter-pg's: adapter-pg drops it while its own pool still holds
 * connections ("is being accessed by other users"), and an explicit shadowDatabaseUrl must be
 * wiped because the engine does not do it.
 */
function createAdapterFactory({ datasource, tracker }) {
  if (!datasource.url) {
    const missingUrl = () => {
      throw new EngineError({
        message: "No datasource URL was given to the schema engine. Set `datasource.url` in prisma.config.ts.",
      });
    };
    return { adapterName: "@prisma/adapter-pg", provider: "postgres", connect: missingUrl, connectToShadowDb: missingUrl };
  }
  const main = parsePostgresUrl(datasource.url);
  const mainFactory = new PrismaPg(main.config, { schema: main.schema });

  async function connect() {
    return tracker.track(patchQueryable(await mainFactory.connect()));
  }

  async function connectToExplicitShadowDb() {
    const shadow = parsePostgresUrl(datasource.shadowDatabaseUrl);
    const sameDatabase =
      shadow.location === main.location && shadow.config.database === main.config.database && shadow.schema === main.schema;
    if (sameDatabase) {
      throw new EngineError({
        message: "The shadow database you configured appears to be the same as the main database. Please specify another shadow database.",
      });
    }
    const adapter = patchQueryable(await new PrismaPg(shadow.config, { schema: shadow.schema }).connect());
    const schema = quoteIdentifier(shadow.schema);
    await adapter.executeScript(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};`);
    return tracker.track(adapter);
  }

  async function connectToTemporaryShadowDb() {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const maintenance = await mainFactory.connect();
    try {
      await maintenance.executeScript(`CREATE DATABASE ${quoteIdentifier(database)}`);
    } catch (error) {
      await maintenance.dispose();
      throw error;
    }
    const shadowFactory = new PrismaPg({ ...main.config, database }, { schema: main.schema });
    const adapter = patchQueryable(await shadowFactory.connect());
    const closePool = adapter.dispose.bind(adapter);
    let disposed = false;
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      // Close our own connections first, or DROP DATABASE fails while they are still open.
      await closePool();
      try {
        await maintenance.executeScript(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
      } finally {
        await maintenance.dispose();
      }
    };
    await assertConnectedTo(adapter, database);
    return tracker.track(adapter);
  }

  // PGlite accepts CREATE DATABASE but serves its one database under every name, so the
  // engine would replay (and later wipe) the shadow schema in the main database.
  async function assertConnectedTo(adapter, database) {
    let actual;
    try {
      const result = await adapter.queryRaw({ sql: "SELECT current_database()", args: [], argTypes: [] });
      actual = result.rows[0]?.[0];
    } catch (error) {
      await adapter.dispose();
      throw error;
    }
    if (actual === database) return;
    await adapter.dispose();
    throw new EngineError({
      message:
        `The database server at \`${main.location}\` ignored the shadow database name (connected to \`${actual}\` instead of \`${database}\`). ` +
        "This happens with PGlite, which serves a single database: set `datasource.shadowDatabaseUrl` in prisma.config.ts to a second, empty server.",
      errorCode: "P3014",
    });
  }

  return {
    adapterName: mainFactory.adapterName,
    provider: mainFactory.provider,
    connect,
    connectToShadowDb: datasource.shadowDatabaseUrl ? connectToExplicitShadowDb : connectToTemporaryShadowDb,
  };
}

/** Remembers open adapters so that pools close and temporary shadow databases are dropped on exit. */
function createAdapterTracker() {
  const open = new Set();
  return {
    track(adapter) {
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        open.delete(adapter);
        await dispose();
      };
      open.add(adapter);
      return adapter;
    },
    async disposeAll() {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}

let lastPanicMessage = null;

/** Loads the wasm engine by hand: its package entry imports a `.wasm` file, which Node cannot. */
async function loadWasmRuntime() {
  const runtimeUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const runtime = await import(runtimeUrl);
  const bytes = await readFile(new URL("schema_engine_bg.wasm", runtimeUrl));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": runtime });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message) {
      lastPanicMessage = message;
    },
  };
  return runtime;
}

function isWasmPanic(error) {
  return error instanceof WebAssembly.RuntimeError || (error?.name === "RuntimeError" && lastPanicMessage !== null);
}

/** One wasm engine for the whole session: the shadow database only lives inside one instance. */
function createEngineSession({ datamodelPaths, datasource }) {
  const tracker = createAdapterTracker();
  let enginePromise = null;
  let shadowDatabaseReady = false;
  let panicked = false;

  async function startEngine() {
    const runtime = await loadWasmRuntime();
    const datamodels = await Promise.all(
      datamodelPaths.map(async (path) => [path, await readFile(path, "utf8")]),
    );
    const adapterFactory = bindMigrationAwareSqlAdapterFactory(createAdapterFactory({ datasource, tracker }));
    // The engine's log lines are already the native binary's JSON format, which the CLI reads.
    const log = (line) => {
      if (line.trim() !== "") process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
    };
    const engine = await runtime.SchemaEngine.new(
      { datamodels: datamodels.length > 0 ? datamodels : undefined },
      log,
      adapterFactory,
    );
    return { engine, adapterFactory };
  }

  function getEngine() {
    enginePromise ??= startEngine();
    return enginePromise;
  }

  /** The wasm engine obtains its shadow database in diagnoseMigrationHistory only. */
  async function ensureShadowDatabase(engine, params) {
    if (shadowDatabaseReady) return;
    await engine.diagnoseMigrationHistory({
      migrationsList: params.migrationsList,
      optInToShadowDatabase: true,
      filters: params.filters ?? { externalTables: [], externalEnums: [] },
    });
    shadowDatabaseReady = true;
  }

  async function call(method, params, { print }) {
    switch (method) {
      case "createDatabase": {
        const url = params?.datasource?.url ?? datasource.url;
        return { databaseName: await createDatabase(url) };
      }
      case "getDatabaseDescription":
        throw new EngineError({ message: "getDatabaseDescription is not supported by the wasm schema engine." });
      default:
        break;
    }
    const { engine, adapterFactory } = await getEngine();
    const invoke = async (fn) => {
      try {
        return await fn();
      } catch (error) {
        throw unwrapRegisteredError(error, adapterFactory.errorRegistry);
      }
    };
    return invoke(async () => {
      switch (method) {
        case "getDatabaseVersion":
          return engine.version(params ?? undefined);
        case "diagnoseMigrationHistory": {
          const result = await engine.diagnoseMigrationHistory(params);
          if (params.optInToShadowDatabase) shadowDatabaseReady = true;
          return result;
        }
        case "evaluateDataLoss":
        case "createMigration":
          await ensureShadowDatabase(engine, params);
          return engine[method](params);
        case "diff": {
          const { stdout, ...rest } = await engine.diff(params);
          if (stdout) await print(stdout);
          return rest;
        }
        case "applyMigrations":
        case "dbExecute":
        case "debugPanic":
        case "devDiagnostic":
        case "ensureConnectionValidity":
        case "introspect":
        case "introspectSql":
        case "markMigrationApplied":
        case "markMigrationRolledBack":
        case "reset":
        case "schemaPush": {
          const result = await engine[method](params);
          return result ?? {};
        }
        default:
          throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
      }
    });
  }

  return {
    call,
    markPanicked() {
      panicked = true;
    },
    get panicked() {
      return panicked;
    },
    async close() {
      await tracker.disposeAll();
      if (enginePromise && !panicked) {
        const started = await enginePromise.catch(() => null);
        started?.engine.free();
      }
    },
  };
}

/**
 * A JS error thrown inside an adapter callback reaches wasm as a `GenericJs` id in the
 * binder's registry, and comes back as "External error id#N": put the real error back.
 */
function unwrapRegisteredError(error, errorRegistry) {
  const match = /External error id#(\d+)/.exec(error?.message ?? "");
  const registered = match ? errorRegistry?.consumeError?.(Number(match[1])) : undefined;
  if (!registered?.error) return error;
  if (registered.error instanceof EngineError) return registered.error;
  const original = registered.error;
  return Object.assign(new Error(error.message.replace(match[0], original?.message ?? String(original))), {
    code: error.code,
  });
}

/** Shapes any failure like the native engine's JSON-RPC error (code 4466). */
function toRpcError(error) {
  if (error?.rpcCode) return { code: error.rpcCode, message: error.message };
  if (isWasmPanic(error)) {
    // The CLI shows the top-level message for panics, so it carries the panic text itself.
    const message = lastPanicMessage ?? error.message;
    return {
      code: RPC_ERROR_CODE,
      message,
      data: { is_panic: true, message, error_code: null, meta: null, backtrace: error.stack ?? null },
    };
  }
  const errorCode = error?.errorCode ?? (typeof error?.code === "string" && /^P\d{4}$/.test(error.code) ? error.code : null);
  return {
    code: RPC_ERROR_CODE,
    message: "An error happened. Check the data field for details.",
    data: {
      is_panic: false,
      message: error?.message ?? String(error),
      error_code: errorCode,
      meta: error?.meta ?? null,
    },
  };
}

/** Serves JSON-RPC 2.0 over stdin/stdout, one message per line, one request at a time. */
function serveJsonRpc(session) {
  let nextOutgoingId = 1;
  const pendingOutgoing = new Map();
  let queue = Promise.resolve();

  const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

  // `diff` output goes to the CLI as a `print` request, as the native engine does it.
  const print = (content) =>
    new Promise((resolve) => {
      const id = nextOutgoingId++;
      pendingOutgoing.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });

  async function handleRequest(request) {
    try {
      const result = await session.call(request.method, request.params, { print });
      if (request.id !== undefined) send({ jsonrpc: "2.0", id: request.id, result: result ?? null });
    } catch (error) {
      if (isWasmPanic(error)) session.markPanicked();
      if (request.id !== undefined) send({ jsonrpc: "2.0", id: request.id, error: toRpcError(error) });
    }
  }

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    let message;
    try {
      message = rpcMessageSchema.parse(JSON.parse(line));
    } catch (error) {
      send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: `Parse error: ${error.message}` } });
      return;
    }
    if (message.method === undefined) {
      const resolve = pendingOutgoing.get(message.id);
      pendingOutgoing.delete(message.id);
      resolve?.(message.result);
      return;
    }
    queue = queue.then(async () => {
      await handleRequest(message);
      // A panicked wasm instance is unusable; the native engine exits with 101 too.
      if (session.panicked) await shutdown(session, 101);
    });
  });
  lines.on("close", () => {
    queue = queue.then(() => shutdown(session, 0));
  });
}

let shuttingDown = false;

async function shutdown(session, exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  await session.close().catch((error) => process.stderr.write(`${error?.stack ?? error}\n`));
  process.stdout.write("", () => process.exit(exitCode));
}

/**
 * The `cli` subcommands report failures as one blank line then one JSON log line on stderr;
 * the Prisma CLI skips the first line and reads `fields.message` and `fields.error_code`.
 */
async function runCliCommand(command, datasource) {
  try {
    if (!CLI_COMMANDS.includes(command)) throw new EngineError({ message: `Unknown cli command: ${command}` });
    if (!datasource.url) throw new EngineError({ message: "The cli commands need --datasource with a url." });
    if (command === "can-connect-to-database") {
      await canConnectToDatabase(datasource.url);
      process.stdout.write("Connection successful\n");
    } else if (command === "create-database") {
      const name = await createDatabase(datasource.url);
      process.stdout.write(`Database '${name}' was successfully created.\n`);
    } else {
      const name = await dropDatabase(datasource.url);
      process.stdout.write(`The database '${name}' was successfully dropped.\n`);
    }
    return 0;
  } catch (error) {
    const fields = { message: error?.message ?? String(error) };
    if (error?.errorCode) fields.error_code = error.errorCode;
    const logLine = {
      timestamp: new Date().toISOString(),
      level: "ERROR",
      fields,
      target: "schema_engine::logger",
    };
    process.stderr.write(`\n${JSON.stringify(logLine)}\n`);
    return 1;
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.version) {
    const runtime = await loadWasmRuntime();
    process.stdout.write(`schema-engine-cli ${runtime.version()}\n`);
    return;
  }
  if (options.help) {
    process.stdout.write(
      "Usage: schema-engine.mjs [--datamodels <path>]... [--datasource <json>] [cli <can-connect-to-database|create-database|drop-database>]\n",
    );
    return;
  }
  if (options.cliCommand !== null) {
    process.exitCode = await runCliCommand(options.cliCommand, options.datasource);
    return;
  }
  const session = createEngineSession({ datamodelPaths: options.datamodels, datasource: options.datasource });
  // The CLI kills the engine right after closing its stdin; finish cleanly so shadow databases are dropped.
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void shutdown(session, 0));
  serveJsonRpc(session);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
