import type { Selectable } from 'kysely';
import type { Callback, CallbackState, Channel, Instant } from '../../domain/model.js';
import { OPEN_STATES } from '../../domain/model.js';
import type { CallbackFilter, CallbackRepo } from '../../app/ports/store.js';
import { all, first, run, type Db } from './database.js';
import type { CallbacksTable } from './tables.js';

type Row = Selectable<CallbacksTable>;

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function toCallback(r: Row): Callback {
  return {
    id: r.id,
    serviceId: r.service_id,
    subjectId: opt(r.subject_id),
    phone: r.phone,
    state: r.state as CallbackState,
    reason: opt(r.reason),
    channel: r.channel as Channel,
    queuedSince: r.queued_since,
    priority: r.priority,
    slotStart: opt(r.slot_start),
    desiredTime: opt(r.desired_time),
    dueAt: r.due_at,
    expiresAt: r.expires_at,
    attempts: r.attempts,
    agentId: opt(r.agent_id),
    firstName: opt(r.first_name),
    lastName: opt(r.last_name),
    customerId: opt(r.customer_id),
    language: opt(r.language),
    notes: opt(r.notes),
    context: r.context ? (JSON.parse(r.context) as Record<string, string>) : undefined,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function toRow(c: Callback): Row {
  return {
    id: c.id,
    service_id: c.serviceId,
    subject_id: c.subjectId ?? null,
    phone: c.phone,
    state: c.state,
    reason: c.reason ?? null,
    channel: c.channel,
    queued_since: c.queuedSince,
    priority: c.priority,
    slot_start: c.slotStart ?? null,
    desired_time: c.desiredTime ?? null,
    due_at: c.dueAt,
    expires_at: c.expiresAt,
    attempts: c.attempts,
    agent_id: c.agentId ?? null,
    first_name: c.firstName ?? null,
    last_name: c.lastName ?? null,
    customer_id: c.customerId ?? null,
    language: c.language ?? null,
    notes: c.notes ?? null,
    context: c.context ? JSON.stringify(c.context) : null,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    version: c.version,
  };
}

export const getCallback = (db: Db, id: string): Callback | undefined => {
  const row = first(db, db.q.selectFrom('callbacks').selectAll().where('id', '=', id));
  return row ? toCallback(row) : undefined;
};

export const insertCallback = (db: Db, cb: Callback): void => {
  run(db, db.q.insertInto('callbacks').values(toRow(cb)));
};

export const updateCallback = (db: Db, cb: Callback): boolean => {
  const { id, ...rest } = toRow(cb);
  return (
    run(db, db.q.updateTable('callbacks').set(rest).where('id', '=', id).where('version', '=', cb.version - 1)) === 1
  );
};

export const countOpenForPhone = (db: Db, serviceId: string, phone: string): number =>
  first(
    db,
    db.q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', phone).where('service_id', '=', serviceId).where('state', 'in', [...OPEN_STATES]),
  )?.n ?? 0;

export const countCreatedForPhoneSince = (db: Db, phone: string, since: Instant): number =>
  first(
    db,
    db.q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', phone).where('created_at', '>=', since),
  )?.n ?? 0;

/** Entries ahead in line: higher priority first, then earlier arrival, then id. */
export const countAhead = (db: Db, serviceId: string, priority: number, queuedSince: Instant, id: string): number =>
  first(
    db,
    db.q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service_id', '=', serviceId)
      .where('state', 'in', ['QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT'])
      .where((eb) =>
        eb.or([
          eb('priority', '>', priority),
          eb.and([eb('priority', '=', priority), eb('queued_since', '<', queuedSince)]),
          eb.and([eb('priority', '=', priority), eb('queued_since', '=', queuedSince), eb('id', '<', id)]),
        ]),
      ),
  )?.n ?? 0;

export const listCallbacks = (db: Db, f: CallbackFilter): Callback[] => {
  let q = db.q.selectFrom('callbacks').selectAll();
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  if (f.states?.length) q = q.where('state', 'in', f.states);
  if (f.phone) q = q.where('phone', '=', f.phone);
  if (f.createdFrom !== undefined) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdTo !== undefined) q = q.where('created_at', '<', f.createdTo);
  if (f.afterId) q = q.where('id', '>', f.afterId);
  return all(db, q.orderBy('id').limit(f.limit)).map(toCallback);
};

export const dueCallbacks = (db: Db, states: CallbackState[], now: Instant, limit: number): Callback[] =>
  all(
    db,
    db.q.selectFrom('callbacks').selectAll().where('state', 'in', states).where('due_at', '<=', now)
      .orderBy('due_at').limit(limit),
  ).map(toCallback);

export const callbackRepo = (db: Db): CallbackRepo => ({
  get: (id) => getCallback(db, id),
  insert: (cb) => insertCallback(db, cb),
  update: (cb) => updateCallback(db, cb),
  countOpenForPhone: (s, p) => countOpenForPhone(db, s, p),
  countCreatedForPhoneSince: (p, t) => countCreatedForPhoneSince(db, p, t),
  countAhead: (s, pr, q, id) => countAhead(db, s, pr, q, id),
  list: (f) => listCallbacks(db, f),
  due: (s, n, l) => dueCallbacks(db, s, n, l),
});
