/** Agents, and the queue engine's extra queries: as in src/adapters/sqlite/agent-repo.ts. */
import type { AgentRepo, QueueRepo } from '../../app/ports/store.js';
import type { CallbackState } from '../../domain/model.js';
import { agentRow, toAgent, toAttempt, toCallback } from '../storage/rows.js';
import type { Conn } from './conn.js';
import { settleEvents } from './events.js';

export const agentRepo = (c: Conn): AgentRepo => ({
  get: async (id) => {
    const r = await c.first(c.q.selectFrom('agents').selectAll().where('id', '=', id));
    return r && toAgent(r);
  },
  all: async () => (await c.all(c.q.selectFrom('agents').selectAll().orderBy('id'))).map(toAgent),
  put: async (a) => {
    const { id, ...rest } = agentRow(a);
    await c.run(c.q.insertInto('agents').values({ id, ...rest }).onConflict((oc) => oc.column('id').doUpdateSet(rest)));
  },
});

// PostgreSQL refuses `IN ()`; SQLite answers it with no rows. An empty state list matches nothing.
export const queueRepo = (c: Conn): QueueRepo => ({
  expiring: async (states, now, limit) => states.length === 0 ? [] :
    (await c.all(c.q.selectFrom('callbacks').selectAll().where('state', 'in', states).where('expires_at', '<=', now)
      .orderBy('expires_at').limit(limit))).map(toCallback),
  openAttempts: async () =>
    (await c.all(c.q.selectFrom('attempts').selectAll().where('ended_at', 'is', null).orderBy('lease_until'))).map(toAttempt),
  countByState: async (states) => states.length === 0 ? [] :
    (await c.all(c.q.selectFrom('callbacks').select(['service_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', 'in', states).groupBy(['service_id', 'state'])))
      .map((r) => ({ serviceId: r.service_id, state: r.state as CallbackState, n: r.n })),
  attemptsByOutcome: async () =>
    (await c.all(c.q.selectFrom('attempts').select([(eb) => eb.fn.coalesce('outcome', eb.val('open')).as('outcome'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('outcome'))).map((r) => ({ outcome: String(r.outcome), n: r.n })),
  scheduledBySlot: async () =>
    (await c.all(c.q.selectFrom('callbacks').select(['service_id', 'slot_start', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '=', 'SCHEDULED').where('slot_start', 'is not', null)
      .groupBy(['service_id', 'slot_start']).orderBy('slot_start')))
      .map((r) => ({ serviceId: r.service_id, slotStart: r.slot_start!, n: r.n })),
  reachedSince: async (states, from) => {
    if (states.length === 0) return [];
    await settleEvents(c);
    return (await c.all(c.q.selectFrom('events').select(['service_id', 'to_state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('type', '=', 'CALLBACK_STATE').where('at', '>=', from).where('to_state', 'in', states)
      .groupBy(['service_id', 'to_state'])))
      .map((r) => ({ serviceId: r.service_id ?? '', state: r.to_state as CallbackState, n: r.n }));
  },
  countEventsSince: async (type, from) => {
    await settleEvents(c);
    return (await c.all(c.q.selectFrom('events').select(['service_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('type', '=', type).where('at', '>=', from).groupBy('service_id')))
      .map((r) => ({ serviceId: r.service_id ?? '', n: r.n }));
  },
});
