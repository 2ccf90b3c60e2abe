/** QueueEngine.positionOf: the place in line from the in-memory queue, also before cb is indexed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentBoard } from '../../src/app/agents/agent-board.js';
import { createCatalog } from '../../src/app/catalog.js';
import type { AppContext } from '../../src/app/context.js';
import { noQueueInsight } from '../../src/app/ports/queue-insight.js';
import { QueueEngine } from '../../src/app/queue/queue-engine.js';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import type { Callback } from '../../src/domain/model.js';
import { compareQueueOrder } from '../../src/domain/queue-order.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testCalendar, testService } from '../../src/testing/test-config.js';
import { managementTokensFromSecret } from '../../src/app/callbacks/management-tokens.js';

function engine(): QueueEngine {
  const ctx: AppContext = {
    catalog: createCatalog({
      companyName: 't', services: [testService({ id: 's1', calendarId: 'cal' }), testService({ id: 's2', calendarId: 'cal' })], subjects: [],
      calendars: [testCalendar({ id: 'cal' })], agents: [], reasonCodes: ['Pause'], dispositionCodes: [],
      rules: { maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 9, perIpRequestsPerMinute: 10, allowedCountries: [], blockedPatterns: [], callingWindow: { from: '08:00', to: '21:00' } },
    }),
    store: createSqliteStore(':memory:', { synchronous: 'NORMAL', groupCommitMaxDelayMs: 0 }),
    clock: new FakeClock(0), newId: () => 'x', queue: noQueueInsight, tokens: managementTokensFromSecret(Buffer.alloc(32)),
  };
  return new QueueEngine(ctx, new AgentBoard(ctx));
}

const cb = (id: string, serviceId: string, priority: number, queuedSince: number): Callback => ({
  id, serviceId, phone: '+493012345678', state: 'QUEUED', channel: 'api', queuedSince, priority, dueAt: 0, expiresAt: 1e12,
  attempts: 0, createdAt: 0, updatedAt: 0, version: 1,
});

describe('QueueEngine.positionOf', () => {
  it('counts the entries ahead in the same service (+1), whether or not cb is indexed, and leaves the index as it was', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ s: fc.constantFrom('s1', 's2'), p: fc.integer({ min: 1, max: 3 }), t: fc.integer({ min: 0, max: 5 }) }), { maxLength: 40 }),
      fc.record({ s: fc.constantFrom('s1', 's2'), p: fc.integer({ min: 1, max: 3 }), t: fc.integer({ min: 0, max: 5 }) }),
      (rows, probe) => {
        const e = engine();
        const queued = rows.map((r, i) => cb(`c${String(i).padStart(3, '0')}`, r.s, r.p, r.t));
        for (const c of queued) e.callbackChanged(c);
        const fresh = cb('c050', probe.s, probe.p, probe.t); // not indexed yet (asked before the commit)
        const ahead = (me: Callback) => queued.filter((c) => c.serviceId === me.serviceId && compareQueueOrder(e.entryOf(c), e.entryOf(me)) < 0).length;
        const size = e.index.size;
        expect(e.positionOf(fresh)).toBe(ahead(fresh) + 1);
        expect(e.index.has(fresh.id)).toBe(false);
        expect(e.index.size).toBe(size);
        for (const c of queued) expect(e.positionOf(c)).toBe(ahead(c) + 1);
      },
    ), { numRuns: 100 });
  });

  it('answers null (count in SQL) for a callback that is not QUEUED', () => {
    const e = engine();
    expect(e.positionOf({ ...cb('a', 's1', 1, 0), state: 'RETRY_WAIT' })).toBeNull();
    expect(e.positionOf(cb('b', 'unknown-service', 1, 0))).toBeNull();
  });
});
