import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { SimulatedCallControl } from '../../src/adapters/telephony/simulated/index.js';
import { buildApp, type App } from '../../src/build-app.js';
import { seededRandom } from '../../src/sim/random.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';

// Monday 2 March 2026, 20:30 in Berlin: the office calendar (08:00-18:00) is closed.
const MONDAY_EVENING = Date.parse('2026-03-02T19:30:00Z');
const TUESDAY_OPENING = Date.parse('2026-03-03T07:00:00Z'); // 08:00 Berlin

let app: App | undefined;
afterEach(async () => {
  await app?.parts.queue?.stop();
  app?.parts.store.close();
  app = undefined;
});

/** The shipped config, flows and prompts; the simulated driver and the app share one virtual clock. */
async function afterHoursLine() {
  const base = loadConfig('config.yaml', {});
  const dir = mkdtempSync(join(tmpdir(), 'holdless-after-hours-'));
  const config = { ...base, storage: { ...base.storage, path: join(dir, 'holdless.db') }, telephony: { ...base.telephony, driver: 'simulated' as const }, logging: { level: 'silent' as const } };
  const scheduler = new VirtualScheduler(MONDAY_EVENING);
  const driver = new SimulatedCallControl({ scheduler, random: seededRandom(1), promptMs: 1_000 });
  app = await buildApp(config, { clock: scheduler, telephony: driver, queueOptions: { autoPoll: false } });
  await driver.start();
  return { app, driver, scheduler };
}

const callbacks = (a: App) => a.parts.store.read((tx) => tx.callbacks.list({ states: ['SCHEDULED', 'QUEUED'], limit: 10 }));

describe('after hours, "as soon as possible" books the next opening (issue 14)', () => {
  // Keys: English (1), billing (1), closed offer (1), number confirmed (1), then the time menu.
  for (const [what, timeKeys] of [['picks as soon as possible', ['1']], ['makes no time choice', [undefined, undefined, undefined]]] as const) {
    it(`a caller who ${what} is booked at the first free slot and hears when, never "callback failed"`, async () => {
      const { app, driver, scheduler } = await afterHoursLine();
      const done = driver.simulateInbound('in-1', { from: '+4930123456', to: '+4930100', digits: ['1', '1', '1', '1', ...timeKeys], digitDelayMs: 200 });
      let call: Awaited<typeof done> | undefined;
      void done.then((c) => (call = c));
      for (let i = 0; i < 300 && !call; i++) await scheduler.advance(1_000);
      if (!call) throw new Error('flow did not end');
      const played = call.played;
      expect(played).not.toContain('callback_failed');
      expect(played).toEqual(expect.arrayContaining(['closed', 'closed_offer', 'callback_registered', 'callback_at', 'day_tomorrow']));
      const [cb, ...more] = callbacks(app);
      expect(more).toHaveLength(0);
      expect(cb).toMatchObject({ serviceId: 'billing', phone: '+4930123456', channel: 'ivr', state: 'SCHEDULED', slotStart: TUESDAY_OPENING });
      expect(call.ended).toBe(true);
    });
  }
});
