import type { Synchronous } from '../../app/ports/store.js';
/** Call-in access codes and push targets (migration 005). Not a hot path: plain kysely queries. */
import type { CallInState } from '../../domain/call-in.js';
import type { PushTarget } from '../../domain/push.js';
import type { CallInRepo } from '../../app/ports/call-in-repo.js';
import { all, first, run, type Db } from './database.js';
import { callInRow, toCallIn } from '../storage/rows.js';

// Row mapping shared with the PostgreSQL adapter (same table, same JSON context column).
const toRow = callInRow;

export const callInRepo = (db: Db): Synchronous<CallInRepo> => {
  const live = () => db.q.selectFrom('call_ins').selectAll().where('state', '=', 'LIVE');
  return {
    insert: (c) => { run(db, db.q.insertInto('call_ins').values(toRow(c))); },
    get: (id) => {
      const r = first(db, db.q.selectFrom('call_ins').selectAll().where('id', '=', id));
      return r && toCallIn(r);
    },
    liveByCode: (code, now) => {
      const r = first(db, live().where('access_code', '=', code).where('expires_at', '>', now));
      return r && toCallIn(r);
    },
    lastByCode: (code) => {
      const r = first(db, db.q.selectFrom('call_ins').selectAll().where('access_code', '=', code).orderBy('created_at', 'desc').limit(1));
      return r && toCallIn(r);
    },
    liveByPhone: (phone, now) =>
      all(db, live().where('phone', '=', phone).where('expires_at', '>', now).orderBy('created_at', 'desc')).map(toCallIn),
    codeHeld: (code) => {
      const r = first(db, live().where('access_code', '=', code));
      return r && toCallIn(r);
    },
    end: (id, to, now, usedBy) =>
      run(db, db.q.updateTable('call_ins')
        .set({ state: to, used_at: to === 'USED' ? now : null, used_by: usedBy ?? null })
        .where('id', '=', id).where('state', '=', 'LIVE')) === 1,
    expiring: (now, limit) => all(db, live().where('expires_at', '<=', now).orderBy('expires_at').limit(limit)).map(toCallIn),
    liveForCallback: (callbackId) => all(db, live().where('callback_id', '=', callbackId)).map(toCallIn),
    putPush: (callbackId, target, now) => {
      run(db, db.q.insertInto('callback_push').values({ callback_id: callbackId, target: JSON.stringify(target), snoozes: 0, created_at: now }));
    },
    push: (callbackId) => {
      const r = first(db, db.q.selectFrom('callback_push').select(['target', 'snoozes']).where('callback_id', '=', callbackId));
      return r && { target: JSON.parse(r.target) as PushTarget, snoozes: r.snoozes };
    },
    setSnoozes: (callbackId, snoozes) => { run(db, db.q.updateTable('callback_push').set({ snoozes }).where('callback_id', '=', callbackId)); },
    openDelayed: (openStates) =>
      all(db, db.q.selectFrom('callback_push').innerJoin('callbacks', 'callbacks.id', 'callback_push.callback_id')
        .select('callback_push.callback_id as id').where('callbacks.state', 'in', [...openStates])).map((r) => r.id),
  };
};
