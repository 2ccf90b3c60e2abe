/** phone_bindings (migration 004): where each agent's registered phone can be rung, until when. */
import type { PhoneBindingRepo, Synchronous } from '../../app/ports/store.js';
import type { PhoneBinding } from '../../domain/sip/registration.js';
import { all, run, type Db } from './database.js';
import type { PhoneBindingsTable } from './tables.js';

const toBinding = (r: PhoneBindingsTable): PhoneBinding => ({
  agentId: r.agent_id, contact: r.contact, expiresAt: r.expires_at, callId: r.call_id, cseq: r.cseq,
  source: r.source, userAgent: r.user_agent ?? undefined, updatedAt: r.updated_at,
});

export const phoneBindingRepo = (db: Db): Synchronous<PhoneBindingRepo> => ({
  forAgent: (agentId) => all(db, db.q.selectFrom('phone_bindings').selectAll().where('agent_id', '=', agentId)).map(toBinding),
  all: () => all(db, db.q.selectFrom('phone_bindings').selectAll().orderBy('agent_id')).map(toBinding),
  put: (b) => {
    const row = {
      expires_at: b.expiresAt, call_id: b.callId, cseq: b.cseq, source: b.source, user_agent: b.userAgent ?? null, updated_at: b.updatedAt,
    };
    run(db, db.q.insertInto('phone_bindings').values({ agent_id: b.agentId, contact: b.contact, ...row })
      .onConflict((oc) => oc.columns(['agent_id', 'contact']).doUpdateSet(row)));
  },
  remove: (agentId, contact) => void run(db, db.q.deleteFrom('phone_bindings').where('agent_id', '=', agentId).where('contact', '=', contact)),
  removeAll: (agentId) => void run(db, db.q.deleteFrom('phone_bindings').where('agent_id', '=', agentId)),
  purgeExpired: (now) => run(db, db.q.deleteFrom('phone_bindings').where('expires_at', '<=', now)),
});
