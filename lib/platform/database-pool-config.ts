/** How long the portal waits on PostgreSQL; see ARCHITECTURE.md "Limits and timeouts". */
export interface DatabaseTimeouts {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectMs: number;
  /** Server-side `statement_timeout`. */
  statementMs: number;
  /** Server-side `idle_in_transaction_session_timeout`. */
  idleInTransactionMs: number;
}

export const defaultDatabaseTimeouts: DatabaseTimeouts = { connectMs: 5_000, statementMs: 15_000, idleInTransactionMs: 30_000 };

/**
 * A server that is frozen (not down: the socket stays open) never sends the statement
 * timeout's error, so the client stops waiting this much later on its own.
 */
const clientGraceMs = 5_000;

/** The timeouts from the validated environment. */
export function databaseTimeoutsFromEnv(env: {
  BULKHEAD_DB_CONNECT_TIMEOUT_MS: number;
  BULKHEAD_DB_STATEMENT_TIMEOUT_MS: number;
  BULKHEAD_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
}): DatabaseTimeouts {
  return {
    connectMs: env.BULKHEAD_DB_CONNECT_TIMEOUT_MS,
    statementMs: env.BULKHEAD_DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: env.BULKHEAD_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/** The node-postgres pool settings the portal sets (a subset of pg's `PoolConfig`). */
export interface DatabasePoolSettings {
  connectionString: string;
  max: number;
  connectionTimeoutMillis: number;
  statement_timeout: number;
  idle_in_transaction_session_timeout: number;
  query_timeout: number;
  application_name?: string;
}

/**
 * The node-postgres pool settings every pool of the portal uses (Prisma's and pg-boss's):
 * a connect timeout, server-side statement and idle-in-transaction timeouts (sent in the
 * start-up packet, so they hold for every statement on the connection), and a client-side
 * read timeout for a server that stops answering altogether. PGlite ignores start-up
 * parameters, so there only the client-side limits apply.
 */
export function databasePoolConfig(
  connectionString: string,
  options: { max?: number; timeouts?: DatabaseTimeouts; applicationName?: string } = {},
): DatabasePoolSettings {
  const timeouts = options.timeouts ?? defaultDatabaseTimeouts;
  return {
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    query_timeout: timeouts.statementMs + clientGraceMs,
    ...(options.applicationName ? { application_name: options.applicationName } : {}),
  };
}
