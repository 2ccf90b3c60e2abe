/** Repositories of the smaller tables: slot bookings, idempotency keys, attempts, the event log. */
import type { Attempt, AttemptOutcome, Instant } from '../../domain/model.js';
import type { AttemptRepo, EventLog, IdempotencyRepo, SettingsRepo, SlotRepo, StoredEvent, Synchronous } from '../../app/ports/store.js';
import { all, first, prepared, rowParams, run, type Db } from './database.js';
import type { AttemptsTable, EventsTable } from './tables.js';

export const slotRepo = (db: Db): Synchronous<SlotRepo> => {
  const booked = prepared<{ serviceId: string; slotStart: number }, { booked: number }>(db, 'slots.booked', (q, p) =>
    q.selectFrom('slot_bookings').select('booked').where('service_id', '=', p.serviceId).where('slot_start', '=', p.slotStart));
  const adjust = prepared<{ serviceId: string; slotStart: number; initial: number; delta: number }, unknown>(db, 'slots.adjust', (q, p) =>
    q.insertInto('slot_bookings').values({ service_id: p.serviceId, slot_start: p.slotStart, booked: p.initial })
      .onConflict((oc) => oc.columns(['service_id', 'slot_start']).doUpdateSet((eb) => ({
        booked: eb('slot_bookings.booked', '+', p.delta),
      }))));
  // Availability asks this on every request: compiled once (kysely's compile costs tens of µs).
  const between = prepared<{ serviceId: string; from: number; to: number }, { slot_start: number; booked: number }>(db, 'slots.between', (q, p) =>
    q.selectFrom('slot_bookings').select(['slot_start', 'booked'])
      .where('service_id', '=', p.serviceId).where('slot_start', '>=', p.from).where('slot_start', '<', p.to));
  return {
    booked: (serviceId, slotStart) => booked.get({ serviceId, slotStart })?.booked ?? 0,
    bookedBetween: (serviceId, from, to) => {
      const out = new Map<Instant, number>();
      for (const r of between.all({ serviceId, from, to })) out.set(r.slot_start, r.booked);
      return out;
    },
    adjust: (serviceId, slotStart, delta) => {
      adjust.run({ serviceId, slotStart, initial: Math.max(delta, 0), delta });
    },
  };
};

export const idempotencyRepo = (db: Db): Synchronous<IdempotencyRepo> => {
  const get = prepared<{ scope: string; key: string }, IdempotencyRow>(db, 'idempotency.get', (q, p) =>
    q.selectFrom('idempotency_keys').selectAll().where('scope', '=', p.scope).where('key', '=', p.key));
  const put = prepared<IdempotencyRow, unknown>(db, 'idempotency.put', (q, p) =>
    q.insertInto('idempotency_keys').values(rowParams(p, ['scope', 'key', 'fingerprint', 'status', 'response', 'callback_id', 'created_at'])));
  return {
    get: (scope, key) => {
      const r = get.get({ scope, key });
      return r && {
        scope: r.scope, key: r.key, fingerprint: r.fingerprint, status: r.status, response: r.response,
        callbackId: r.callback_id ?? undefined, createdAt: r.created_at,
      };
    },
    put: (rec) => {
      put.run({
        scope: rec.scope, key: rec.key, fingerprint: rec.fingerprint, status: rec.status, response: rec.response,
        callback_id: rec.callbackId ?? null, created_at: rec.createdAt,
      });
    },
    purgeBefore: (t) => run(db, db.q.deleteFrom('idempotency_keys').where('created_at', '<', t)),
  };
};

interface IdempotencyRow {
  scope: string; key: string; fingerprint: string; status: number; response: string; callback_id: string | null; created_at: number;
}

export const toAttempt = (r: {
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

const ATTEMPT_COLUMNS = [
  'callback_id', 'number', 'call_id', 'agent_id', 'claimed_at', 'lease_until', 'ended_at', 'outcome', 'sip_code', 'detail',
] as const satisfies readonly (keyof AttemptsTable)[];
type AttemptRow = ReturnType<typeof attemptRow>;

export const attemptRepo = (db: Db): Synchronous<AttemptRepo> => {
  const insert = prepared<AttemptRow, unknown>(db, 'attempts.insert', (q, p) => q.insertInto('attempts').values(rowParams(p, ATTEMPT_COLUMNS)));
  const update = prepared<AttemptRow, unknown>(db, 'attempts.update', (q, p) =>
    q.updateTable('attempts')
      .set(rowParams(p, ['call_id', 'agent_id', 'claimed_at', 'lease_until', 'ended_at', 'outcome', 'sip_code', 'detail']))
      .where('callback_id', '=', p.callback_id).where('number', '=', p.number));
  const forCallback = prepared<{ id: string }, AttemptRow>(db, 'attempts.forCallback', (q, p) =>
    q.selectFrom('attempts').selectAll().where('callback_id', '=', p.id).orderBy('number'));
  return {
    insert: (a) => { insert.run(attemptRow(a)); },
    update: (a) => { update.run(attemptRow(a)); },
    forCallback: (id) => forCallback.all({ id }).map(toAttempt),
    expiredOpen: (now) =>
      all(db, db.q.selectFrom('attempts').selectAll().where('ended_at', 'is', null).where('lease_until', '<', now)).map(toAttempt),
  };
};

export const toEvent = (r: {
  seq: number; at: number; type: string; callback_id: string | null; service_id: string | null; agent_id: string | null;
  from_state: string | null; to_state: string | null; data: string | null;
}): StoredEvent => ({
  seq: r.seq, at: r.at, type: r.type, callbackId: r.callback_id ?? undefined, serviceId: r.service_id ?? undefined,
  agentId: r.agent_id ?? undefined, fromState: r.from_state ?? undefined, toState: r.to_state ?? undefined,
  data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : undefined,
});

type EventRow = Omit<EventsTable, 'seq'>;

export const eventLog = (db: Db): Synchronous<EventLog> => {
  const append = prepared<EventRow, unknown>(db, 'events.append', (q, p) =>
    q.insertInto('events').values(rowParams(p, ['at', 'type', 'callback_id', 'service_id', 'agent_id', 'from_state', 'to_state', 'data'])));
  return {
    append: (e) => {
      append.run({
        at: e.at, type: e.type, callback_id: e.callbackId ?? null, service_id: e.serviceId ?? null, agent_id: e.agentId ?? null,
        from_state: e.fromState ?? null, to_state: e.toState ?? null, data: e.data ? JSON.stringify(e.data) : null,
      });
    },
    forCallback: (id) => all(db, db.q.selectFrom('events').selectAll().where('callback_id', '=', id).orderBy('seq')).map(toEvent),
    between: (from, to, afterSeq = 0, limit = 10_000) =>
      all(
        db,
        db.q.selectFrom('events').selectAll().where('at', '>=', from).where('at', '<', to).where('seq', '>', afterSeq)
          .orderBy('seq').limit(limit),
      ).map(toEvent),
  };
};

export const settingsRepo = (db: Db): Synchronous<SettingsRepo> => {
  const get = (key: string): string | undefined =>
    first(db, db.q.selectFrom('settings').select('value').where('key', '=', key))?.value;
  return {
    get,
    putIfAbsent: (key, value) => {
      run(db, db.q.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()));
      return get(key) ?? value;
    },
  };
};
