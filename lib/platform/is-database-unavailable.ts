/** PostgreSQL SQLSTATEs that mean "not now" rather than "wrong request". */
const unavailableSqlStates = new Set([
  "57014", // query_canceled: statement_timeout
  "25P03", // idle_in_transaction_session_timeout
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovering)
  "53300", // too_many_connections
]);

/** Prisma's codes for an unreachable or overloaded database. */
const unavailablePrismaCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** node-postgres, pg-pool and Prisma messages for timeouts and lost connections. */
const unavailableMessage =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Unable to start a transaction in the given time|ECONNREFUSED|ECONNRESET/i;

function* causes(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    yield record;
    queue.push(record.cause);
    const meta = record.meta as { driverAdapterError?: { cause?: unknown } } | undefined;
    if (meta?.driverAdapterError) queue.push(meta.driverAdapterError, meta.driverAdapterError.cause);
  }
}

/**
 * True when an error means the database did not answer in time or could not be reached:
 * the request should fail fast with 503, not look like a bug (500).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const record of causes(error)) {
    const code = typeof record.code === "string" ? record.code : undefined;
    const originalCode = typeof record.originalCode === "string" ? record.originalCode : undefined;
    if (code && (unavailablePrismaCodes.has(code) || unavailableSqlStates.has(code))) return true;
    if (originalCode && unavailableSqlStates.has(originalCode)) return true;
    if (code?.startsWith("08") && code.length === 5) return true; // connection_exception class
    if (typeof record.kind === "string" && ["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"].includes(record.kind)) {
      return true;
    }
    if (typeof record.message === "string" && unavailableMessage.test(record.message)) return true;
  }
  return false;
}
