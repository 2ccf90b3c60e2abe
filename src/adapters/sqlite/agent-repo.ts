/** Agents table, and the queue engine's extra queries (expiry, open attempts, supervisor counts). */
import { sql } from 'kysely';
import type { CallbackState } from '../../domain/model.js';
import type { AgentRecord, AgentRepo, QueueRepo, Synchronous } from '../../app/ports/store.js';
import { duePoll } from './callback-repo.js';
import { toAttempt } from './small-repos.js';
import { all, first, prepared, rowParams, type Db } from './database.js';
import type { AgentsTable } from './tables.js';

export const agentRepo = (db: Db): Synchronous<AgentRepo> => {
  const toRecord = (r: {
    id: string; state: string; reason: string | null; since: number; callback_id: string | null; detail: string | null; updated_at: number;
  }): AgentRecord => ({
    id: r.id, state: r.state, reason: r.reason ?? undefined, since: r.since, callbackId: r.callback_id ?? undefined,
    detail: r.detail ?? undefined, updatedAt: r.updated_at,
  });
  const put = prepared<AgentsTable, unknown>(db, 'agents.put', (q, p) => {
    const rest = rowParams(p, ['state', 'reason', 'since', 'callback_id', 'detail', 'updated_at']);
    return q.insertInto('agents').values({ id: p.id, ...rest }).onConflict((oc) => oc.column('id').doUpdateSet(rest));
  });
  return {
    get: (id) => {
      const r = first(db, db.q.selectFrom('agents').selectAll().where('id', '=', id));
      return r ? toRecord(r) : undefined;
    },
    all: () => all(db, db.q.selectFrom('agents').selectAll().orderBy('id')).map(toRecord),
    put: (a) => {
      put.run({
        id: a.id, state: a.state, reason: a.reason ?? null, since: a.since, callback_id: a.callbackId ?? null,
        detail: a.detail ?? null, updated_at: a.updatedAt,
      });
    },
  };
};


export const queueRepo = (db: Db): Synchronous<QueueRepo> => {
  // Asked by the reconcile pass of every housekeeping tick: compiled once.
  const open = prepared<Record<string, never>, Parameters<typeof toAttempt>[0]>(db, 'attempts.open', (q) =>
    q.selectFrom('attempts').selectAll().where('ended_at', 'is', null).orderBy('lease_until'));
  return {
    expiring: (states, now, limit) => duePoll(db, 'expires_at', states, now, limit),
    openAttempts: () => open.all({}).map(toAttempt),
    countByState: (states) =>
      all(
        db,
        db.q.selectFrom('callbacks').select(['service_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
          .where('state', 'in', states).groupBy(['service_id', 'state']),
      ).map((r) => ({ serviceId: r.service_id, state: r.state as CallbackState, n: r.n })),
    attemptsByOutcome: () =>
      all(db, db.q.selectFrom('attempts').select([(eb) => eb.fn.coalesce('outcome', eb.val('open')).as('outcome'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('outcome')).map((r) => ({ outcome: String(r.outcome), n: r.n })),
    scheduledBySlot: () =>
      all(
        db,
        db.q.selectFrom('callbacks').select(['service_id', 'slot_start', (eb) => eb.fn.countAll<number>().as('n')])
          .where('state', '=', 'SCHEDULED').where('slot_start', 'is not', null)
          .groupBy(['service_id', 'slot_start']).orderBy('slot_start'),
      ).map((r) => ({ serviceId: r.service_id, slotStart: r.slot_start!, n: r.n })),
    reachedSince: (states, from) =>
      all(
        db,
        db.q.selectFrom('events').select(['service_id', 'to_state', (eb) => eb.fn.countAll<number>().as('n')])
          .where('type', '=', 'CALLBACK_STATE').where('at', '>=', from).where('to_state', 'in', states)
          .groupBy(['service_id', 'to_state']),
      ).map((r) => ({ serviceId: r.service_id ?? '', state: r.to_state as CallbackState, n: r.n })),
    countEventsSince: (type, from) =>
      all(
        db,
        db.q.selectFrom('events').select(['service_id', sql<number>`count(*)`.as('n')])
          .where('type', '=', type).where('at', '>=', from).groupBy('service_id'),
      ).map((r) => ({ serviceId: r.service_id ?? '', n: r.n })),
  };
};
