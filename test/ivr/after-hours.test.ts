import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/build-app.js';
import { simApp, type SimApp } from '../simulated/sim-app.js';

// Monday 2 March 2026, 20:30 in Berlin: the office calendar (08:00-18:00) is closed.
const MONDAY_EVENING = Date.parse('2026-03-02T19:30:00Z');
const TUESDAY_OPENING = Date.parse('2026-03-03T07:00:00Z'); // 08:00 Berlin

let sim: SimApp | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const callbacks = (a: App) => a.parts.sqlite!.sync.callbacks.list({ states: ['SCHEDULED', 'QUEUED'], limit: 10 });

describe('after hours, "as soon as possible" books the next opening (issue 14)', () => {
  // Keys: English (1), billing (1), closed offer (1), number confirmed (1), then the time menu.
  for (const [what, timeKeys] of [['picks as soon as possible', ['1']], ['makes no time choice', [undefined, undefined, undefined]]] as const) {
    it(`a caller who ${what} is booked at the first free slot and hears when, never "callback failed"`, async () => {
      const s = (sim = await simApp({ at: MONDAY_EVENING }));
      const done = s.driver.simulateInbound('in-1', { from: '+4930123456', to: '+4930100', digits: ['1', '1', '1', '1', ...timeKeys], digitDelayMs: 200 });
      let call: Awaited<typeof done> | undefined;
      void done.then((c) => (call = c));
      await s.run(300_000, () => call !== undefined);
      if (!call) throw new Error('flow did not end');
      expect(call.played).not.toContain('callback_failed');
      expect(call.played).toEqual(expect.arrayContaining(['closed', 'closed_offer', 'callback_registered', 'callback_at', 'day_tomorrow']));
      const [cb, ...more] = callbacks(s.app);
      expect(more).toHaveLength(0);
      expect(cb).toMatchObject({ serviceId: 'billing', phone: '+4930123456', channel: 'ivr', state: 'SCHEDULED', slotStart: TUESDAY_OPENING });
      expect(call.ended).toBe(true);
    });
  }
});
