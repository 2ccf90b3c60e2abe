import { sql, type Selectable } from 'kysely';
import { callbackListQuery } from '../storage/callback-filter.js';
import type { Callback, CallbackState, Channel, Instant } from '../../domain/model.js';
import { OPEN_STATES } from '../../domain/model.js';
import type { CallbackFilter, CallbackRepo, Synchronous } from '../../app/ports/store.js';
import { all, prepared, rowParams, type Db, type PreparedQuery } from './database.js';
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

/** Every column, in table order; the type check below fails if one is missing. */
const COLUMNS = [
  'id', 'service_id', 'subject_id', 'phone', 'state', 'reason', 'channel', 'queued_since', 'priority', 'slot_start',
  'desired_time', 'due_at', 'expires_at', 'attempts', 'agent_id', 'first_name', 'last_name', 'customer_id', 'language',
  'notes', 'context', 'created_at', 'updated_at', 'version',
] as const satisfies readonly (keyof Row)[];
type MissingColumn = Exclude<keyof Row, (typeof COLUMNS)[number]>;
const allColumnsListed: MissingColumn extends never ? true : false = true;
void allColumnsListed;
const UPDATED_COLUMNS = COLUMNS.filter((c): c is Exclude<(typeof COLUMNS)[number], 'id'> => c !== 'id');

const WAITING_STATES = ['QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT'] as const;

/** The hot queries, compiled once per database (see prepared()). */
function queries(db: Db) {
  return {
    get: prepared<{ id: string }, Row>(db, 'callbacks.get', (q, p) => q.selectFrom('callbacks').selectAll().where('id', '=', p.id)),
    insert: prepared<Row, unknown>(db, 'callbacks.insert', (q, p) => q.insertInto('callbacks').values(rowParams(p, COLUMNS))),
    update: prepared<Row & { prevVersion: number }, unknown>(db, 'callbacks.update', (q, p) =>
      q.updateTable('callbacks').set(rowParams<Row, (typeof UPDATED_COLUMNS)[number]>(p, UPDATED_COLUMNS))
        .where('id', '=', p.id).where('version', '=', p.prevVersion)),
    countOpen: prepared<{ phone: string; serviceId: string }, { n: number }>(db, 'callbacks.countOpen', (q, p) =>
      q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('phone', '=', p.phone).where('service_id', '=', p.serviceId).where('state', 'in', [...OPEN_STATES])),
    countCreated: prepared<{ phone: string; since: number }, { n: number }>(db, 'callbacks.countCreated', (q, p) =>
      q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('phone', '=', p.phone).where('created_at', '>=', p.since)),
    createdForService: prepared<{ serviceId: string; since: number }, { n: number; oldest: number | null }>(db, 'callbacks.createdForService', (q, p) =>
      q.selectFrom('callbacks').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number | null>('created_at').as('oldest')])
        .where('service_id', '=', p.serviceId).where('created_at', '>=', p.since)),
    countAhead: prepared<{ serviceId: string; priority: number; queuedSince: number; id: string }, { n: number }>(db, 'callbacks.countAhead', (q, p) =>
      q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('service_id', '=', p.serviceId)
        .where('state', 'in', [...WAITING_STATES])
        .where((eb) =>
          eb.or([
            eb('priority', '>', p.priority),
            eb.and([eb('priority', '=', p.priority), eb('queued_since', '<', p.queuedSince)]),
            eb.and([eb('priority', '=', p.priority), eb('queued_since', '=', p.queuedSince), eb('id', '<', p.id)]),
          ]),
        )),
  };
}

export const getCallback = (db: Db, id: string): Callback | undefined => {
  const row = queries(db).get.get({ id });
  return row ? toCallback(row) : undefined;
};

export const insertCallback = (db: Db, cb: Callback): void => {
  queries(db).insert.run(toRow(cb));
};

export const updateCallback = (db: Db, cb: Callback): boolean =>
  queries(db).update.run({ ...toRow(cb), prevVersion: cb.version - 1 }) === 1;

export const countOpenForPhone = (db: Db, serviceId: string, phone: string): number =>
  queries(db).countOpen.get({ phone, serviceId })?.n ?? 0;

export const countCreatedForPhoneSince = (db: Db, phone: string, since: Instant): number =>
  queries(db).countCreated.get({ phone, since })?.n ?? 0;

/** Entries ahead in line: higher priority first, then earlier arrival, then id. */
export const countAhead = (db: Db, serviceId: string, priority: number, queuedSince: Instant, id: string): number =>
  queries(db).countAhead.get({ serviceId, priority, queuedSince, id })?.n ?? 0;

export const listCallbacks = (db: Db, f: CallbackFilter): Callback[] => all(db, callbackListQuery(db.q, f)).map(toCallback);

/**
 * Callbacks in `states` whose `column` instant has come, oldest first: the housekeeping polls
 * (every tick, nearly always empty). The state list and the limit are written into the SQL as
 * literals and the query compiled once per shape: with them as bound parameters SQLite cannot plan
 * the IN list and the top-N sort ahead and an empty answer costs about 8× more (30 µs against 4).
 */
export function duePoll(db: Db, column: 'due_at' | 'expires_at', states: readonly CallbackState[], now: Instant, limit: number): Callback[] {
  // Callers pass constant state lists: the compiled query is found by the list's identity first.
  const byList = (polls.get(db) ?? polls.set(db, new WeakMap()).get(db)!);
  const shapes = byList.get(states) ?? byList.set(states, new Map()).get(states)!;
  const shape = `${column}:${limit}`;
  let query = shapes.get(shape);
  if (!query) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`poll limit must be a positive integer: ${limit}`);
    query = prepared<{ now: number }, Row>(db, `callbacks.poll:${column}:${states.join(',')}:${limit}`, (q, p) => q.selectFrom('callbacks').selectAll()
      .where('state', 'in', states.map((st) => sql.lit(stateLiteral(st)))).where(column, '<=', p.now)
      .orderBy(column).limit(sql.lit(limit)));
    shapes.set(shape, query);
  }
  if (db.callbacksVersion && now < nextDue(db, column, states, db.callbacksVersion.n)) return [];
  return query.all({ now }).map(toCallback);
}

const polls = new WeakMap<Db, WeakMap<readonly CallbackState[], Map<string, PreparedQuery<{ now: number }, Row>>>>();

/**
 * The earliest `column` instant among callbacks in `states` (Infinity: none), looked up again only
 * after the callbacks table changed: most ticks then ask nothing at all (in-memory databases only,
 * see database.ts callbacksVersion).
 */
function nextDue(db: Db, column: 'due_at' | 'expires_at', states: readonly CallbackState[], version: number): number {
  const byList = nextDues.get(db) ?? nextDues.set(db, new WeakMap()).get(db)!;
  const byColumn = byList.get(states) ?? byList.set(states, new Map()).get(states)!;
  const known = byColumn.get(column);
  if (known && known.version === version) return known.at;
  const min = prepared<Record<string, never>, { at: number | null }>(db, `callbacks.next:${column}:${states.join(',')}`, (q) => q.selectFrom('callbacks')
    .select((eb) => eb.fn.min<number | null>(column).as('at')).where('state', 'in', states.map((st) => sql.lit(stateLiteral(st)))));
  const at = min.get({})?.at ?? Number.POSITIVE_INFINITY;
  byColumn.set(column, { version, at });
  return at;
}

/** A write to the callbacks table: the polls look again. */
const changed = (db: Db): void => { if (db.callbacksVersion) db.callbacksVersion.n++; };

const nextDues = new WeakMap<Db, WeakMap<readonly CallbackState[], Map<string, { version: number; at: number }>>>();

const stateLiteral = (s: string): string => {
  if (!/^[A-Z_]+$/.test(s)) throw new Error(`not a callback state: ${s}`);
  return s;
};

export const dueCallbacks = (db: Db, states: CallbackState[], now: Instant, limit: number): Callback[] => duePoll(db, 'due_at', states, now, limit);

export const callbackRepo = (db: Db): Synchronous<CallbackRepo> => {
  const q = queries(db);
  return {
    get: (id) => {
      const row = q.get.get({ id });
      return row ? toCallback(row) : undefined;
    },
    insert: (cb) => { changed(db); q.insert.run(toRow(cb)); },
    update: (cb) => { changed(db); return q.update.run({ ...toRow(cb), prevVersion: cb.version - 1 }) === 1; },
    countOpenForPhone: (s, p) => q.countOpen.get({ phone: p, serviceId: s })?.n ?? 0,
    countCreatedForPhoneSince: (p, t) => q.countCreated.get({ phone: p, since: t })?.n ?? 0,
    createdForServiceSince: (s, t) => {
      const row = q.createdForService.get({ serviceId: s, since: t });
      return { count: row?.n ?? 0, oldest: row?.oldest ?? undefined };
    },
    countAhead: (s, pr, qs, id) => q.countAhead.get({ serviceId: s, priority: pr, queuedSince: qs, id })?.n ?? 0,
    list: (f) => listCallbacks(db, f),
    due: (s, n, l) => dueCallbacks(db, s, n, l),
  };
};
