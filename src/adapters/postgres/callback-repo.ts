/** callbacks on PostgreSQL: the same queries and order as src/adapters/sqlite/callback-repo.ts. */
import { callbackListQuery } from '../storage/callback-filter.js';
import type { CallbackRepo } from '../../app/ports/store.js';
import { OPEN_STATES } from '../../domain/model.js';
import { callbackRow, toCallback, type CallbackRow } from '../storage/rows.js';
import { KEY_SEPARATOR, LOCK, type Conn } from './conn.js';

const WAITING_STATES = ['QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT'] as const;

export const callbackRepo = (c: Conn): CallbackRepo => ({
  get: async (id) => {
    const r = await c.first(c.q.selectFrom('callbacks').selectAll().where('id', '=', id));
    return r && toCallback(r);
  },
  insert: async (cb) => { await c.run(c.q.insertInto('callbacks').values(callbackRow(cb))); },
  update: async (cb) => {
    const { id, ...rest }: CallbackRow = callbackRow(cb);
    return (await c.run(c.q.updateTable('callbacks').set(rest).where('id', '=', id).where('version', '=', cb.version - 1))) === 1;
  },
  // "One open callback per number per service" is a count, then an insert: the lock on
  // (service, phone) makes another node's count wait for this transaction's insert to commit.
  countOpenForPhone: async (serviceId, phone) => {
    await c.lock(LOCK.openPerPhone, serviceId + KEY_SEPARATOR + phone);
    const r = await c.first(c.q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', phone).where('service_id', '=', serviceId).where('state', 'in', [...OPEN_STATES]));
    return r?.n ?? 0;
  },
  countCreatedForPhoneSince: async (phone, since) =>
    (await c.first(c.q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', phone).where('created_at', '>=', since)))?.n ?? 0,
  createdForServiceSince: async (serviceId, since) => {
    const r = await c.first(c.q.selectFrom('callbacks')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number | null>('created_at').as('oldest')])
      .where('service_id', '=', serviceId).where('created_at', '>=', since));
    return { count: r?.n ?? 0, oldest: r?.oldest ?? undefined };
  },
  countAhead: async (serviceId, priority, queuedSince, id) =>
    (await c.first(c.q.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service_id', '=', serviceId).where('state', 'in', [...WAITING_STATES])
      .where((eb) => eb.or([
        eb('priority', '>', priority),
        eb.and([eb('priority', '=', priority), eb('queued_since', '<', queuedSince)]),
        eb.and([eb('priority', '=', priority), eb('queued_since', '=', queuedSince), eb('id', '<', id)]),
      ]))))?.n ?? 0,
  list: async (f) => (await c.all(callbackListQuery(c.q, f))).map(toCallback),
  due: async (states, now, limit) => states.length === 0 ? [] : // PostgreSQL refuses `IN ()`
    (await c.all(c.q.selectFrom('callbacks').selectAll().where('state', 'in', states).where('due_at', '<=', now)
      .orderBy('due_at').limit(limit))).map(toCallback),
});
