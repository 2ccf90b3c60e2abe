/** Repositories of the smaller tables: slot bookings, idempotency keys, attempts, the event log. */
import type { Attempt, AttemptOutcome, Instant } from '../../domain/model.js';
import type { AttemptRepo, EventLog, IdempotencyRepo, SlotRepo, StoredEvent } from '../../app/ports/store.js';
import { all, first, run, type Db } from './database.js';

export const slotRepo = (db: Db): SlotRepo => ({
  booked: (serviceId, slotStart) =>
    first(db, db.q.selectFrom('slot_bookings').select('booked').where('service_id', '=', serviceId).where('slot_start', '=', slotStart))
      ?.booked ?? 0,
  bookedBetween: (serviceId, from, to) =>
    new Map(
      all(
        db,
        db.q.selectFrom('slot_bookings').select(['slot_start', 'booked'])
          .where('service_id', '=', serviceId).where('slot_start', '>=', from).where('slot_start', '<', to),
      ).map((r) => [r.slot_start, r.booked] as [Instant, number]),
    ),
  adjust: (serviceId, slotStart, delta) => {
    run(
      db,
      db.q.insertInto('slot_bookings').values({ service_id: serviceId, slot_start: slotStart, booked: Math.max(delta, 0) })
        .onConflict((oc) => oc.columns(['service_id', 'slot_start']).doUpdateSet((eb) => ({
          booked: eb('slot_bookings.booked', '+', delta),
        }))),
    );
  },
});

export const idempotencyRepo = (db: Db): IdempotencyRepo => ({
  get: (scope, key) => {
    const r = first(db, db.q.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key));
    return r && {
      scope: r.scope, key: r.key, fingerprint: r.fingerprint, status: r.status, response: r.response,
      callbackId: r.callback_id ?? undefined, createdAt: r.created_at,
    };
  },
  put: (rec) => {
    run(db, db.q.insertInto('idempotency_keys').values({
      scope: rec.scope, key: rec.key, fingerprint: rec.fingerprint, status: rec.status, response: rec.response,
      callback_id: rec.callbackId ?? null, created_at: rec.createdAt,
    }));
  },
  purgeBefore: (t) => run(db, db.q.deleteFrom('idempotency_keys').where('created_at', '<', t)),
});

const toAttempt = (r: {
  callback_id: string; number: number; call_id: string; agent_id: string | null; claimed_at: number;
  lease_until: number; ended_at: number | null; outcome: string | null; sip_code: number | null; detail: string | null;
}): Attempt => ({
  callbackId: r.callback_id, number: r.number, callId: r.call_id, agentId: r.agent_id ?? undefined,
  claimedAt: r.claimed_at, leaseUntil: r.lease_until, endedAt: r.ended_at ?? undefined,
  outcome: (r.outcome ?? undefined) as AttemptOutcome | undefined, sipCode: r.sip_code ?? undefined, detail: r.detail ?? undefined,
});

const attemptRow = (a: Attempt) => ({
  callback_id: a.callbackId, number: a.number, call_id: a.callId, agent_id: a.agentId ?? null,
  claimed_at: a.claimedAt, lease_until: a.leaseUntil, ended_at: a.endedAt ?? null, outcome: a.outcome ?? null,
  sip_code: a.sipCode ?? null, detail: a.detail ?? null,
});

export const attemptRepo = (db: Db): AttemptRepo => ({
  insert: (a) => { run(db, db.q.insertInto('attempts').values(attemptRow(a))); },
  update: (a) => {
    const { callback_id, number, ...rest } = attemptRow(a);
    run(db, db.q.updateTable('attempts').set(rest).where('callback_id', '=', callback_id).where('number', '=', number));
  },
  forCallback: (id) => all(db, db.q.selectFrom('attempts').selectAll().where('callback_id', '=', id).orderBy('number')).map(toAttempt),
  expiredOpen: (now) =>
    all(db, db.q.selectFrom('attempts').selectAll().where('ended_at', 'is', null).where('lease_until', '<', now)).map(toAttempt),
});

const toEvent = (r: {
  seq: number; at: number; type: string; callback_id: string | null; service_id: string | null; agent_id: string | null;
  from_state: string | null; to_state: string | null; data: string | null;
}): StoredEvent => ({
  seq: r.seq, at: r.at, type: r.type, callbackId: r.callback_id ?? undefined, serviceId: r.service_id ?? undefined,
  agentId: r.agent_id ?? undefined, fromState: r.from_state ?? undefined, toState: r.to_state ?? undefined,
  data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : undefined,
});

export const eventLog = (db: Db): EventLog => ({
  append: (e) => {
    run(db, db.q.insertInto('events').values({
      at: e.at, type: e.type, callback_id: e.callbackId ?? null, service_id: e.serviceId ?? null, agent_id: e.agentId ?? null,
      from_state: e.fromState ?? null, to_state: e.toState ?? null, data: e.data ? JSON.stringify(e.data) : null,
    }));
  },
  forCallback: (id) => all(db, db.q.selectFrom('events').selectAll().where('callback_id', '=', id).orderBy('seq')).map(toEvent),
  between: (from, to, afterSeq = 0, limit = 10_000) =>
    all(
      db,
      db.q.selectFrom('events').selectAll().where('at', '>=', from).where('at', '<', to).where('seq', '>', afterSeq)
        .orderBy('seq').limit(limit),
    ).map(toEvent),
});
