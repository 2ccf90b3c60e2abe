/**
 * Which pg failures mean "the database is out of reach" (→ HoldlessError STORAGE_UNAVAILABLE, 503
 * above the port, the store recovers by itself) and which mean "try this work again" (deadlock or
 * serialization failure: the work did nothing, running it once more is safe).
 */
import { HoldlessError, isHoldlessError } from '../../domain/errors.js';
import { STORAGE_UNAVAILABLE } from '../../app/ports/store.js';

const NODE_NET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
]);
// SQLSTATE: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
// recovering), 53300 too_many_connections, 57014 query_canceled (our statement_timeout); class 08
// is "connection exception".
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const PG_CONNECTION_MESSAGES = [
  'Connection terminated', 'connection timeout', 'timeout exceeded when trying to connect', 'not queryable',
  'Client was closed', 'Cannot use a pool after calling end',
];

const codeOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;

export function isUnavailable(e: unknown): boolean {
  if (isHoldlessError(e)) return e.code === STORAGE_UNAVAILABLE;
  const code = codeOf(e);
  if (code && (NODE_NET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  const message = e instanceof Error ? e.message : '';
  if (e instanceof AggregateError) return e.errors.some(isUnavailable);
  return PG_CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/** 40P01 deadlock_detected, 40001 serialization_failure. */
export const isRetryable = (e: unknown): boolean => codeOf(e) === '40P01' || codeOf(e) === '40001';

export function unavailable(cause: unknown): HoldlessError {
  if (isHoldlessError(cause) && cause.code === STORAGE_UNAVAILABLE) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new HoldlessError(STORAGE_UNAVAILABLE, `PostgreSQL is unavailable: ${reason}`, { driver: 'postgres', pgCode: codeOf(cause) });
}

/** The error a caller sees: unreachability as STORAGE_UNAVAILABLE, anything else unchanged. */
export const forCaller = (e: unknown): unknown => (isUnavailable(e) ? unavailable(e) : e);
