/**
 * AgentBoard's state writes: changes made before the agent's write has started join it (one
 * write, every AGENT_STATE event in order, the final row); a change after it started gets its own.
 */
import { describe, expect, it } from 'vitest';
import { AgentBoard } from '../../src/app/agents/agent-board.js';
import { createCatalog } from '../../src/app/catalog.js';
import type { AppContext } from '../../src/app/context.js';
import { noQueueInsight } from '../../src/app/ports/queue-insight.js';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testCalendar, testService } from '../../src/testing/test-config.js';
import { managementTokensFromSecret } from '../../src/app/callbacks/management-tokens.js';

function board(): { board: AgentBoard; store: ReturnType<typeof createSqliteStore>; clock: FakeClock } {
  const store = createSqliteStore(':memory:', { synchronous: 'NORMAL', groupCommitMaxDelayMs: 0 });
  const clock = new FakeClock(Date.parse('2030-01-07T09:00:00Z'));
  const ctx: AppContext = {
    catalog: createCatalog({
      companyName: 't', services: [testService({ id: 's1', calendarId: 'cal' })], subjects: [],
      calendars: [testCalendar({ id: 'cal' })], reasonCodes: ['Pause'], dispositionCodes: [],
      agents: [{ id: 'a1', name: 'A', sip: 'sip:a1@x', groups: [], skills: {} }],
      rules: { maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 9, perIpRequestsPerMinute: 10, allowedCountries: [], blockedPatterns: [], callingWindow: { from: '08:00', to: '21:00' } },
    }),
    store, clock, newId: () => 'x', queue: noQueueInsight, tokens: managementTokensFromSecret(Buffer.alloc(32)),
  };
  return { board: new AgentBoard(ctx), store, clock };
}

const agentEvents = async (store: ReturnType<typeof createSqliteStore>): Promise<string[]> =>
  (await store.read(async (tx) => await tx.events.between(0, Number.MAX_SAFE_INTEGER)))
    .filter((e) => e.type === 'AGENT_STATE').map((e) => `${e.toState ?? ''}/${String(e.data?.command)}`);

describe('agent state writes', () => {
  it('joins the changes of one turn in one write, events in order, the final row', async () => {
    const { board: b, store, clock } = board();
    const writes = store.committer.stats.writes;
    b.apply('a1', { type: 'LOGIN' }, clock.now());
    b.apply('a1', { type: 'READY' }, clock.now());
    b.apply('a1', { type: 'RESERVE', entryId: 'cb-1' }, clock.now());
    await b.settled();
    expect(store.committer.stats.writes - writes).toBe(1);
    expect(await agentEvents(store)).toEqual(['NOT_READY/LOGIN', 'READY/READY', 'RESERVED/RESERVE']);
    const row = await store.read(async (tx) => await tx.agents.get('a1'));
    expect(row?.state).toBe('RESERVED');
    expect(row?.callbackId).toBe('cb-1');
  });

  it('a change after the write started goes in a write of its own', async () => {
    const { board: b, store, clock } = board();
    b.apply('a1', { type: 'LOGIN' }, clock.now());
    await new Promise((r) => setImmediate(r)); // the first write has run
    const writes = store.committer.stats.writes;
    b.apply('a1', { type: 'READY' }, clock.now());
    await b.settled();
    expect(store.committer.stats.writes - writes).toBe(1);
    expect(await agentEvents(store)).toEqual(['NOT_READY/LOGIN', 'READY/READY']);
    expect((await store.read(async (tx) => await tx.agents.get('a1')))?.state).toBe('READY');
  });
});
