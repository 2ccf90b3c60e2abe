import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inCallingWindow, isOpenAt } from '../../src/domain/calendar.js';
import { compareQueueOrder } from '../../src/domain/queue-order.js';
import { testCalendar } from '../../src/testing/test-config.js';
import { FakeTelephony, MONDAY_10, harness, settle } from '../dialer/harness.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

const OUTCOMES = ['NO_ANSWER', 'BUSY', 'NETWORK_ERROR', 'SIT', 'ANSWERING_MACHINE', 'NO_CONFIRM', 'PERSON', 'FAX'] as const;
const calendar = testCalendar();

describe('dialer properties (real engine, SQLite, fake clock)', () => {
  it('never more than maxAttempts dials per callback, never a dial outside hours or the calling window', async () => {
    let totalDials = 0;
    let retried = 0;
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 6 * 24 * 60 }), // start offset in minutes over a week
      fc.array(fc.array(fc.constantFrom(...OUTCOMES), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 5, maxLength: 25 }), // clock steps, minutes
      async (startMin, scripts, steps) => {
        const clock = new FakeClock(MONDAY_10);
        const tel = new FakeTelephony();
        const violations: string[] = [];
        tel.onDial = () => {
          const t = clock.now();
          if (!isOpenAt(calendar, t)) violations.push(`closed at ${new Date(t).toISOString()}`);
          if (!inCallingWindow({ from: '08:00', to: '21:00' }, 'Europe/Berlin', t)) violations.push('window');
        };
        const h = await harness({ clock, tel });
        try {
          const ids: string[] = [];
          for (const s of scripts) {
            const id = await h.request();
            tel.script.set(h.cb(id).phone, s.map((o) => o));
            ids.push(id);
          }
          clock.set(MONDAY_10 - 10 * 3600_000 + startMin * 60_000); // requested while open, worked from any time of the week
          h.ready('alice');
          h.ready('bob');
          for (const m of steps) {
            await h.advance(m * 60_000);
            for (const [agent, leg] of tel.agentLegs) { leg.end(); tel.agentLegs.delete(agent); }
            await settle();
            for (const a of ['alice', 'bob']) {
              const st = h.q.board.state(a).name;
              if (st === 'NOT_READY' || st === 'WRAP_UP') h.ready(a);
            }
          }
          expect(violations).toEqual([]);
          totalDials += tel.dials.length;
          for (const id of ids) {
            if (h.cb(id).attempts > 1) retried++;
            const n = tel.dials.filter((d) => d.to === h.cb(id).phone).length;
            expect(n).toBeLessThanOrEqual(3);
            expect(h.cb(id).attempts).toBe(n);
          }
        } finally {
          await h.close();
        }
      },
    ), { numRuns: 20, seed: 20261121 }); // fixed seed: the "exercised" checks below must not depend on luck
    expect(totalDials).toBeGreaterThan(10); // the property was exercised, not vacuously true
    expect(retried).toBeGreaterThan(0);
  }, 120_000);

  it('serves callbacks in queue order (priority, then queuedSince, then id)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 2, maxLength: 8 }),
      async (ages) => {
        const h = await harness();
        try {
          const ids: string[] = [];
          for (const age of ages) ids.push(await h.request({ queuedSince: h.clock.now() - age * 1000 }));
          for (const id of ids) h.tel.script.set(h.cb(id).phone, ['FAX']); // each ends at once: the agent takes the next
          h.ready('alice');
          for (let i = 0; i < ages.length + 2; i++) await h.tick();
          const expected = ids.map((id) => h.cb(id)).sort(compareQueueOrder).map((c) => c.phone);
          expect(h.tel.dials.map((d) => d.to)).toEqual(expected);
        } finally {
          await h.close();
        }
      },
    ), { numRuns: 15 });
  }, 120_000);
});
