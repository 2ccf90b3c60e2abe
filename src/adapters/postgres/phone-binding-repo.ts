/** phone_bindings: as in src/adapters/sqlite/phone-binding-repo.ts. */
import type { PhoneBindingRepo } from '../../app/ports/store.js';
import { toBinding } from '../storage/rows.js';
import type { Conn } from './conn.js';

export const phoneBindingRepo = (c: Conn): PhoneBindingRepo => ({
  forAgent: async (agentId) => (await c.all(c.q.selectFrom('phone_bindings').selectAll().where('agent_id', '=', agentId))).map(toBinding),
  all: async () => (await c.all(c.q.selectFrom('phone_bindings').selectAll().orderBy('agent_id'))).map(toBinding),
  put: async (b) => {
    const row = {
      expires_at: b.expiresAt, call_id: b.callId, cseq: b.cseq, source: b.source, user_agent: b.userAgent ?? null, updated_at: b.updatedAt,
    };
    await c.run(c.q.insertInto('phone_bindings').values({ agent_id: b.agentId, contact: b.contact, ...row })
      .onConflict((oc) => oc.columns(['agent_id', 'contact']).doUpdateSet(row)));
  },
  remove: async (agentId, contact) => {
    await c.run(c.q.deleteFrom('phone_bindings').where('agent_id', '=', agentId).where('contact', '=', contact));
  },
  removeAll: async (agentId) => { await c.run(c.q.deleteFrom('phone_bindings').where('agent_id', '=', agentId)); },
  purgeExpired: async (now) => c.run(c.q.deleteFrom('phone_bindings').where('expires_at', '<=', now)),
});
