import type { Synchronous } from '../../app/ports/store.js';
/** The notifier's tables (migration 006): outbox cursor, deliveries, spent CAPTCHA challenges. */
import type { CaptchaRepo, Delivery, DeliveryKind, DeliveryState, OutboxRepo } from '../../app/ports/outbox.js';
import { all, first, run, type Db } from './database.js';
import type { DeliveriesTable } from './tables.js';
import { toEvent } from './small-repos.js';

const toDelivery = (r: DeliveriesTable): Delivery => ({
  id: r.id, kind: r.kind as DeliveryKind, eventSeq: r.event_seq, callbackId: r.callback_id ?? undefined,
  serviceId: r.service_id ?? undefined, target: r.target, payload: r.payload, state: r.state as DeliveryState,
  tries: r.tries, nextAt: r.next_at, lastError: r.last_error ?? undefined, createdAt: r.created_at, updatedAt: r.updated_at,
});

const toRow = (d: Delivery): DeliveriesTable => ({
  id: d.id, kind: d.kind, event_seq: d.eventSeq, callback_id: d.callbackId ?? null, service_id: d.serviceId ?? null,
  target: d.target, payload: d.payload, state: d.state, tries: d.tries, next_at: d.nextAt, last_error: d.lastError ?? null,
  created_at: d.createdAt, updated_at: d.updatedAt,
});

// The oldest pending delivery of each (target, callback) only: a failing webhook holds back the later
// ones of the same callback, never those of other callbacks. Messages without a callback are unordered.
const DUE_SQL = `
SELECT d.* FROM deliveries d
WHERE d.state = 'PENDING' AND d.next_at <= ?
  AND NOT EXISTS (
    SELECT 1 FROM deliveries e
    WHERE e.state = 'PENDING' AND e.target = d.target AND e.callback_id = d.callback_id AND e.event_seq < d.event_seq)
ORDER BY d.next_at, d.event_seq
LIMIT ?`;

export const outboxRepo = (db: Db): Synchronous<OutboxRepo> => {
  const due = db.sqlite.prepare(DUE_SQL);
  return {
    cursor: (name) => first(db, db.q.selectFrom('outbox_cursor').select('seq').where('name', '=', name))?.seq ?? 0,
    setCursor: (name, seq) => {
      run(db, db.q.insertInto('outbox_cursor').values({ name, seq }).onConflict((oc) => oc.column('name').doUpdateSet({ seq })));
    },
    eventsAfter: (afterSeq, limit) =>
      all(db, db.q.selectFrom('events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit)).map(toEvent),
    add: (d) => run(db, db.q.insertInto('deliveries').values(toRow(d)).onConflict((oc) => oc.column('id').doNothing())) === 1,
    get: (id) => {
      const r = first(db, db.q.selectFrom('deliveries').selectAll().where('id', '=', id));
      return r && toDelivery(r);
    },
    due: (now, limit) => (due.all(now, limit) as DeliveriesTable[]).map(toDelivery),
    update: (d) => {
      const { id, ...rest } = toRow(d);
      run(db, db.q.updateTable('deliveries').set(rest).where('id', '=', id));
    },
    forCallback: (callbackId) =>
      all(db, db.q.selectFrom('deliveries').selectAll().where('callback_id', '=', callbackId).orderBy('event_seq').orderBy('target'))
        .map(toDelivery),
    purgeDone: (t) => run(db, db.q.deleteFrom('deliveries').where('state', '!=', 'PENDING').where('updated_at', '<', t)),
  };
};

export const captchaRepo = (db: Db): Synchronous<CaptchaRepo> => ({
  spend: (signature, expiresAt) =>
    run(db, db.q.insertInto('captcha_spent').values({ signature, expires_at: expiresAt }).onConflict((oc) => oc.column('signature').doNothing())) === 1,
  purgeBefore: (t) => run(db, db.q.deleteFrom('captcha_spent').where('expires_at', '<', t)),
});
