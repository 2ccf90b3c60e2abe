/**
 * The pg Pool and the kysely instance over it (PostgresDialect). kysely builds and compiles every
 * query; the adapter runs the compiled SQL on a pg client it holds itself (conn.ts), because a
 * group-commit batch needs ONE client for BEGIN … SAVEPOINT … COMMIT and the say over whether a
 * client that failed goes back to the pool or is thrown away.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Tables } from '../storage/tables.js';

export interface PostgresOptions {
  /** Connections of this process (each holdless node has its own pool). */
  poolSize: number;
  /** Server-side limit per statement (statement_timeout), ms; 0 = none. */
  statementTimeoutMs: number;
  /** How long to wait for a new connection before the store answers STORAGE_UNAVAILABLE, ms. */
  connectTimeoutMs: number;
  /** Group commit window: 0 = everything that arrived in the same event-loop turn. */
  groupCommitMaxDelayMs: number;
  maxBatch?: number;
  applicationName?: string;
}

export const defaultPostgresOptions: PostgresOptions = {
  poolSize: 10, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000, groupCommitMaxDelayMs: 0,
};

const INT8_OID = 20;

/**
 * BIGINT (epoch-ms instants, events.seq, count(*)) comes back from pg as a string by default. All
 * of ours are far below 2^53, so they are parsed as numbers, per pool (not pg's global parsers, so
 * other pg users in the process are not affected).
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export interface Database {
  readonly pool: pg.Pool;
  /** Query builder (and the dialect's compiler); executed only through conn.ts or for health. */
  readonly q: Kysely<Tables>;
}

export function openDatabase(url: string, options: PostgresOptions, onIdleError: (e: Error) => void): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'holdless',
    ...(options.statementTimeoutMs > 0 ? { statement_timeout: options.statementTimeoutMs } : {}),
    // A partition answers nothing and closes nothing: the client gives up itself (the server's
    // statement_timeout cannot reach us), and keepalives find a silent peer in seconds, not hours.
    ...(options.statementTimeoutMs > 0 ? { query_timeout: options.statementTimeoutMs + 5_000 } : {}),
    keepAlive: true, keepAliveInitialDelayMillis: 5_000,
    options: '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=3 -c tcp_keepalives_count=3',
    types,
  });
  // An idle client whose server went away emits 'error'; pg-pool then drops it. Without a listener
  // the process would die on PostgreSQL restarting.
  pool.on('error', onIdleError);
  const q = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { pool, q };
}

const guarded = new WeakSet<pg.PoolClient>();

/**
 * A client from the pool. A checked-out client has no error listener of pg-pool's: one is added
 * (once per client) so a connection dropping between two queries of a batch fails that query
 * instead of crashing the process.
 */
export async function checkout(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  if (!guarded.has(client)) {
    guarded.add(client);
    client.on('error', () => {}); // the failing query reports it; release(err) then discards the client
  }
  return client;
}
