/** The notifier's tables and spent CAPTCHAs: as in src/adapters/sqlite/outbox-repo.ts. */
import { sql } from 'kysely';
import type { CaptchaRepo, OutboxRepo } from '../../app/ports/outbox.js';
import type { DeliveriesTable } from '../storage/tables.js';
import { deliveryRow, toDelivery, toEvent } from '../storage/rows.js';
import type { Conn } from './conn.js';
import { settleEvents } from './events.js';

export const outboxRepo = (c: Conn): OutboxRepo => ({
  cursor: async (name) => (await c.first(c.q.selectFrom('outbox_cursor').select('seq').where('name', '=', name)))?.seq ?? 0,
  setCursor: async (name, seq) => {
    await c.run(c.q.insertInto('outbox_cursor').values({ name, seq }).onConflict((oc) => oc.column('name').doUpdateSet({ seq })));
  },
  eventsAfter: async (afterSeq, limit) => {
    await settleEvents(c);
    return (await c.all(c.q.selectFrom('events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit))).map(toEvent);
  },
  add: async (d) => (await c.run(c.q.insertInto('deliveries').values(deliveryRow(d)).onConflict((oc) => oc.column('id').doNothing()))) === 1,
  get: async (id) => {
    const r = await c.first(c.q.selectFrom('deliveries').selectAll().where('id', '=', id));
    return r && toDelivery(r);
  },
  // The oldest pending delivery of each (target, callback) only (see the SQLite adapter).
  due: async (now, limit) =>
    (await c.all(c.q.selectFrom('deliveries as d').selectAll('d')
      .where('d.state', '=', 'PENDING').where('d.next_at', '<=', now)
      .where(({ not, exists, selectFrom }) => not(exists(
        selectFrom('deliveries as e').select(sql<number>`1`.as('one'))
          .where('e.state', '=', 'PENDING').whereRef('e.target', '=', 'd.target')
          .whereRef('e.callback_id', '=', 'd.callback_id').whereRef('e.event_seq', '<', 'd.event_seq'),
      )))
      .orderBy('d.next_at').orderBy('d.event_seq').limit(limit)) as DeliveriesTable[]).map(toDelivery),
  update: async (d) => {
    const { id, ...rest } = deliveryRow(d);
    await c.run(c.q.updateTable('deliveries').set(rest).where('id', '=', id));
  },
  forCallback: async (callbackId) =>
    (await c.all(c.q.selectFrom('deliveries').selectAll().where('callback_id', '=', callbackId).orderBy('event_seq').orderBy('target')))
      .map(toDelivery),
  purgeDone: async (t) => c.run(c.q.deleteFrom('deliveries').where('state', '!=', 'PENDING').where('updated_at', '<', t)),
});

export const captchaRepo = (c: Conn): CaptchaRepo => ({
  spend: async (signature, expiresAt) =>
    (await c.run(c.q.insertInto('captcha_spent').values({ signature, expires_at: expiresAt })
      .onConflict((oc) => oc.column('signature').doNothing()))) === 1,
  purgeBefore: async (t) => c.run(c.q.deleteFrom('captcha_spent').where('expires_at', '<', t)),
});
