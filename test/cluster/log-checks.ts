/**
 * What the crash loop checks afterwards, read from PostgreSQL with `pg` directly (not through the
 * app): acknowledged callbacks exist, attempts stay within the maximum, no call id or attempt
 * number twice, no two dials of one callback at once, fencing epochs in order. The queue-order
 * property (a replay of the event log) is in queue-order.ts.
 */
import pg from 'pg';
import type { Acknowledged } from './load.js';

export interface EventRow {
  seq: number; at: number; type: string; callbackId: string | null; serviceId: string | null;
  fromState: string | null; toState: string | null; data: Record<string, unknown>;
}
export interface CallbackRow { id: string; serviceId: string; priority: number; queuedSince: number; state: string; attempts: number; context: Record<string, string> }
export interface AttemptRow { callbackId: string; number: number; callId: string; claimedAt: number; endedAt: number | null; outcome: string | null; epoch?: number | null }

export interface ClusterLog { events: EventRow[]; callbacks: Map<string, CallbackRow>; attempts: AttemptRow[]; attemptsHaveEpoch: boolean }

export async function readLog(url: string): Promise<ClusterLog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const epochColumn = await client.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'attempts' AND column_name = 'epoch'`);
    const attemptsHaveEpoch = epochColumn.rowCount === 1;
    const ev = await client.query(`SELECT seq::float8 AS seq, at::float8 AS at, type, callback_id, service_id, from_state, to_state, data FROM events ORDER BY seq`);
    const cb = await client.query(`SELECT id, service_id, priority, queued_since::float8 AS queued_since, state, attempts, context FROM callbacks`);
    const at = await client.query(`SELECT callback_id, number, call_id, claimed_at::float8 AS claimed_at, ended_at::float8 AS ended_at, outcome${attemptsHaveEpoch ? ', epoch::float8 AS epoch' : ''} FROM attempts`);
    return {
      attemptsHaveEpoch,
      events: ev.rows.map((r) => ({
        seq: r.seq, at: r.at, type: r.type, callbackId: r.callback_id, serviceId: r.service_id, fromState: r.from_state, toState: r.to_state,
        data: r.data ? JSON.parse(r.data) as Record<string, unknown> : {},
      })),
      callbacks: new Map(cb.rows.map((r) => [r.id as string, {
        id: r.id, serviceId: r.service_id, priority: r.priority, queuedSince: r.queued_since, state: r.state, attempts: r.attempts,
        context: r.context ? JSON.parse(r.context) as Record<string, string> : {},
      }])),
      attempts: at.rows.map((r) => ({
        callbackId: r.callback_id, number: r.number, callId: r.call_id, claimedAt: r.claimed_at, endedAt: r.ended_at, outcome: r.outcome,
        epoch: attemptsHaveEpoch ? r.epoch : undefined,
      })),
    };
  } finally {
    await client.end();
  }
}

/** Acknowledged (201) ids that are not in the callbacks table. */
export const missingAcknowledged = (log: ClusterLog, acked: Acknowledged[]): string[] =>
  acked.filter((a) => !log.callbacks.has(a.id)).map((a) => a.id);

/** Callbacks with more attempts than allowed, counted both on the row and in the attempts table. */
export function overMaxAttempts(log: ClusterLog, max: number): string[] {
  const rows = new Map<string, number>();
  for (const a of log.attempts) rows.set(a.callbackId, (rows.get(a.callbackId) ?? 0) + 1);
  const over = [...log.callbacks.values()].filter((c) => c.attempts > max).map((c) => `${c.id}: attempts=${c.attempts}`);
  for (const [id, n] of rows) if (n > max) over.push(`${id}: ${n} attempt rows`);
  return over;
}

/**
 * Call ids and attempt numbers used twice: in the attempts table (its keys forbid it, checked
 * anyway) and in the event log (a second ATTEMPT_CLAIMED of one call id or of one attempt number
 * of a callback would be a second dial decided for the same attempt).
 */
export function duplicateClaims(log: ClusterLog): string[] {
  const out: string[] = [];
  const seen = (label: string, keys: string[]) => {
    const set = new Set<string>();
    for (const k of keys) if (set.has(k)) out.push(`${label} ${k}`); else set.add(k);
  };
  seen('attempts.call_id', log.attempts.map((a) => a.callId));
  seen('attempts (callback, number)', log.attempts.map((a) => `${a.callbackId}#${a.number}`));
  const claims = log.events.filter((e) => e.type === 'ATTEMPT_CLAIMED');
  seen('ATTEMPT_CLAIMED callId', claims.map((e) => String(e.data.callId)));
  seen('ATTEMPT_CLAIMED (callback, attempt)', claims.map((e) => `${e.callbackId}#${String(e.data.attempt)}`));
  seen('ATTEMPT_ENDED callId', log.events.filter((e) => e.type === 'ATTEMPT_ENDED').map((e) => String(e.data.callId)));
  return out;
}

/**
 * Never two dials of one customer at once: in log order, a callback's attempt is claimed only
 * after its previous attempt ended (a dead dispatcher's open attempt must be reconciled first).
 */
export function overlappingAttempts(log: ClusterLog): string[] {
  const open = new Map<string, string>(); // callback → call id of its open attempt
  const out: string[] = [];
  for (const e of log.events) {
    if (!e.callbackId) continue;
    if (e.type === 'ATTEMPT_CLAIMED') {
      const prev = open.get(e.callbackId);
      if (prev !== undefined) out.push(`${e.callbackId}: ${String(e.data.callId)} claimed while ${prev} was open (seq ${e.seq})`);
      open.set(e.callbackId, String(e.data.callId));
    } else if (e.type === 'ATTEMPT_ENDED' && open.get(e.callbackId) === String(e.data.callId)) {
      open.delete(e.callbackId);
    }
  }
  return out;
}

export interface EpochReport {
  recorded: 'column' | 'event' | 'none'; problems: string[]; epochs: number[];
  /** Claims logged before their epoch's DISPATCHER_ELECTED (that event is written after the takeover's reload). */
  claimsBeforeElection: number;
}

/**
 * Fencing (cluster design): a claim carries the dispatcher epoch it was taken under (attempts.epoch,
 * else ATTEMPT_CLAIMED.data.epoch); the claim holds cluster_state FOR SHARE and the next election
 * UPDATEs it, so every claim of epoch e commits before epoch e+1 exists. In log (= commit) order:
 * - claim epochs never decrease (a claim of e after one of e' > e: a stale dispatcher claimed
 *   after its successor had started);
 * - no claim of e after DISPATCHER_ELECTED of e' > e (that event is written after the bump);
 * - every claim's epoch was elected (has a DISPATCHER_ELECTED somewhere in the log).
 */
export function epochProblems(log: ClusterLog): EpochReport {
  const byCall = new Map(log.attempts.map((a) => [a.callId, a.epoch]));
  const claims = log.events.filter((e) => e.type === 'ATTEMPT_CLAIMED');
  const epochOf = (e: EventRow): number | undefined => {
    const v = log.attemptsHaveEpoch ? byCall.get(String(e.data.callId)) : e.data.epoch;
    return typeof v === 'number' ? v : undefined;
  };
  const recorded = log.attemptsHaveEpoch ? 'column' : claims.some((e) => e.data.epoch !== undefined) ? 'event' : 'none';
  const allElected = new Set(log.events.filter((e) => e.type === 'DISPATCHER_ELECTED').map((e) => Number(e.data.epoch)));
  const report: EpochReport = { recorded, problems: [], epochs: [...allElected].sort((a, b) => a - b), claimsBeforeElection: 0 };
  if (recorded === 'none') return report;
  const electedSoFar = new Set<number>();
  let latestElected = -Infinity;
  let latestClaimed = -Infinity;
  for (const e of log.events) {
    if (e.type === 'DISPATCHER_ELECTED') {
      electedSoFar.add(Number(e.data.epoch));
      latestElected = Math.max(latestElected, Number(e.data.epoch));
      continue;
    }
    if (e.type !== 'ATTEMPT_CLAIMED') continue;
    const epoch = epochOf(e);
    const what = `claim ${String(e.data.callId)} (seq ${e.seq}) under epoch ${epoch}`;
    if (epoch === undefined) { report.problems.push(`${what}: no epoch`); continue; }
    if (!allElected.has(epoch)) report.problems.push(`${what}: never elected`);
    if (epoch < latestClaimed) report.problems.push(`${what} after a claim under epoch ${latestClaimed}`);
    if (epoch < latestElected) report.problems.push(`${what} after epoch ${latestElected} was elected`);
    if (!electedSoFar.has(epoch)) report.claimsBeforeElection++;
    latestClaimed = Math.max(latestClaimed, epoch);
  }
  return report;
}

export interface OpenAttempt { callId: string; claimedAt: number; leaseUntil: number; epoch?: number }

/** Attempts without an outcome yet, with the epoch of their claim (column or claim event) when recorded. */
export async function openAttempts(db: pg.Pool): Promise<OpenAttempt[]> {
  const r = await db.query(`
    SELECT a.call_id, a.claimed_at::float8 AS claimed_at, a.lease_until::float8 AS lease_until, e.data
    FROM attempts a LEFT JOIN events e ON e.type = 'ATTEMPT_CLAIMED' AND e.callback_id = a.callback_id
    WHERE a.ended_at IS NULL`);
  return r.rows
    .map((row) => ({ row, data: row.data ? JSON.parse(row.data) as { callId?: string; epoch?: number } : {} }))
    .filter(({ row, data }) => data.callId === undefined || data.callId === row.call_id)
    .map(({ row, data }) => ({ callId: row.call_id, claimedAt: row.claimed_at, leaseUntil: row.lease_until, epoch: data.epoch }));
}
