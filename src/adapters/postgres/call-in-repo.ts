/** Call-in access codes and push targets: as in src/adapters/sqlite/call-in-repo.ts. */
import type { CallInRepo } from '../../app/ports/call-in-repo.js';
import type { PushTarget } from '../../domain/push.js';
import { callInRow, toCallIn } from '../storage/rows.js';
import type { Conn } from './conn.js';

export const callInRepo = (c: Conn): CallInRepo => {
  const live = () => c.q.selectFrom('call_ins').selectAll().where('state', '=', 'LIVE');
  const one = async (query: ReturnType<typeof live>) => {
    const r = await c.first(query);
    return r && toCallIn(r);
  };
  return {
    insert: async (x) => { await c.run(c.q.insertInto('call_ins').values(callInRow(x))); },
    get: (id) => one(c.q.selectFrom('call_ins').selectAll().where('id', '=', id)),
    liveByCode: (code, now) => one(live().where('access_code', '=', code).where('expires_at', '>', now)),
    lastByCode: (code) => one(c.q.selectFrom('call_ins').selectAll().where('access_code', '=', code).orderBy('created_at', 'desc').limit(1)),
    liveByPhone: async (phone, now) =>
      (await c.all(live().where('phone', '=', phone).where('expires_at', '>', now).orderBy('created_at', 'desc'))).map(toCallIn),
    codeHeld: (code) => one(live().where('access_code', '=', code)),
    end: async (id, to, now, usedBy) =>
      (await c.run(c.q.updateTable('call_ins')
        .set({ state: to, used_at: to === 'USED' ? now : null, used_by: usedBy ?? null })
        .where('id', '=', id).where('state', '=', 'LIVE'))) === 1,
    expiring: async (now, limit) => (await c.all(live().where('expires_at', '<=', now).orderBy('expires_at').limit(limit))).map(toCallIn),
    liveForCallback: async (callbackId) => (await c.all(live().where('callback_id', '=', callbackId))).map(toCallIn),
    putPush: async (callbackId, target, now) => {
      await c.run(c.q.insertInto('callback_push').values({ callback_id: callbackId, target: JSON.stringify(target), snoozes: 0, created_at: now }));
    },
    push: async (callbackId) => {
      const r = await c.first(c.q.selectFrom('callback_push').select(['target', 'snoozes']).where('callback_id', '=', callbackId));
      return r && { target: JSON.parse(r.target) as PushTarget, snoozes: r.snoozes };
    },
    setSnoozes: async (callbackId, snoozes) => {
      await c.run(c.q.updateTable('callback_push').set({ snoozes }).where('callback_id', '=', callbackId));
    },
    openDelayed: async (openStates) => openStates.length === 0 ? [] :
      (await c.all(c.q.selectFrom('callback_push').innerJoin('callbacks', 'callbacks.id', 'callback_push.callback_id')
        .select('callback_push.callback_id as id').where('callbacks.state', 'in', [...openStates]))).map((r) => r.id),
  };
};
