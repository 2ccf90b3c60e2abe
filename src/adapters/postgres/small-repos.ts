/** Slot bookings, idempotency keys, attempts, settings: as in src/adapters/sqlite/small-repos.ts. */
import type { AttemptRepo, IdempotencyRepo, SettingsRepo, SlotRepo } from '../../app/ports/store.js';
import type { Instant } from '../../domain/model.js';
import { attemptRow, idempotencyRow, toAttempt, toIdempotency } from '../storage/rows.js';
import { KEY_SEPARATOR, LOCK, type Conn } from './conn.js';

export const slotRepo = (c: Conn): SlotRepo => ({
  // Capacity is "read booked, then adjust": the lock on (service, slot) makes another node's read
  // of the same slot wait until this transaction's adjust is committed.
  booked: async (serviceId, slotStart) => {
    await c.lock(LOCK.slot, serviceId + KEY_SEPARATOR + String(slotStart));
    return (await c.first(c.q.selectFrom('slot_bookings').select('booked')
      .where('service_id', '=', serviceId).where('slot_start', '=', slotStart)))?.booked ?? 0;
  },
  bookedBetween: async (serviceId, from, to) =>
    new Map((await c.all(c.q.selectFrom('slot_bookings').select(['slot_start', 'booked'])
      .where('service_id', '=', serviceId).where('slot_start', '>=', from).where('slot_start', '<', to)))
      .map((r) => [r.slot_start, r.booked] as [Instant, number])),
  adjust: async (serviceId, slotStart, delta) => {
    await c.run(c.q.insertInto('slot_bookings').values({ service_id: serviceId, slot_start: slotStart, booked: Math.max(delta, 0) })
      .onConflict((oc) => oc.columns(['service_id', 'slot_start']).doUpdateSet((eb) => ({ booked: eb('slot_bookings.booked', '+', delta) }))));
  },
});

export const idempotencyRepo = (c: Conn): IdempotencyRepo => ({
  get: async (scope, key) => {
    const r = await c.first(c.q.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key));
    return r && toIdempotency(r);
  },
  // A second put of the same (scope, key) fails (primary key), as in SQLite: the work is refused.
  put: async (rec) => { await c.run(c.q.insertInto('idempotency_keys').values(idempotencyRow(rec))); },
  purgeBefore: async (t) => c.run(c.q.deleteFrom('idempotency_keys').where('created_at', '<', t)),
});

export const attemptRepo = (c: Conn): AttemptRepo => ({
  insert: async (a) => { await c.run(c.q.insertInto('attempts').values(attemptRow(a))); },
  update: async (a) => {
    const { callback_id, number, ...rest } = attemptRow(a);
    await c.run(c.q.updateTable('attempts').set(rest).where('callback_id', '=', callback_id).where('number', '=', number));
  },
  forCallback: async (id) =>
    (await c.all(c.q.selectFrom('attempts').selectAll().where('callback_id', '=', id).orderBy('number'))).map(toAttempt),
  expiredOpen: async (now) =>
    (await c.all(c.q.selectFrom('attempts').selectAll().where('ended_at', 'is', null).where('lease_until', '<', now))).map(toAttempt),
});

export const settingsRepo = (c: Conn): SettingsRepo => {
  const get = async (key: string) => (await c.first(c.q.selectFrom('settings').select('value').where('key', '=', key)))?.value;
  return {
    get,
    // ON CONFLICT DO NOTHING waits for a concurrent uncommitted insert of the key, then yields to
    // it: the first writer's value is the one every node reads.
    putIfAbsent: async (key, value) => {
      await c.run(c.q.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()));
      return (await get(key)) ?? value;
    },
  };
};
