/** The shipped config, flows and prompts over the simulated driver; app and driver share one virtual clock. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { SimulatedCallControl, type SimulatedDriverOptions } from '../../src/adapters/telephony/simulated/driver.js';
import { buildApp, type App } from '../../src/build-app.js';
import { seededRandom } from '../../src/sim/random.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';

export interface SimApp {
  app: App;
  driver: SimulatedCallControl;
  scheduler: VirtualScheduler;
  /** Moves the virtual clock in 1 s steps (the store commits between them), ticking the queue engine. */
  run(ms: number, until?: () => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function simApp(opts: { at: number; drainSeconds?: number; driver?: Partial<SimulatedDriverOptions> }): Promise<SimApp> {
  const base = loadConfig('config.yaml', {});
  const dir = mkdtempSync(join(tmpdir(), 'holdless-sim-'));
  const config = {
    ...base,
    storage: { ...base.storage, path: join(dir, 'holdless.db') },
    telephony: { ...base.telephony, driver: 'simulated' as const, drainSeconds: opts.drainSeconds ?? 0 },
    logging: { level: 'silent' as const },
  };
  // The clock moves only when no write is in flight, as in the simulator (src/cli/sim/run-day.ts):
  // a commit that takes real milliseconds (synchronous=FULL on a file) lands at the virtual
  // instant that started it, however fast or slow this machine is.
  let inflight = 0;
  const scheduler = new VirtualScheduler(opts.at, () => inflight > 0);
  const driver = new SimulatedCallControl({ scheduler, random: seededRandom(1), promptMs: 1_000, ...opts.driver });
  const app = await buildApp(config, { clock: scheduler, telephony: driver, queueOptions: { autoPoll: false } });
  const store = app.parts.store;
  const write = store.write.bind(store);
  store.write = (work) => { inflight++; return write(work).finally(() => { inflight--; }); };
  await app.parts.queue!.start();
  await driver.start();
  return {
    app, driver, scheduler,
    async run(ms, until) {
      for (let t = 0; t < ms && !until?.(); t += 1_000) {
        await app.parts.queue!.system.tick();
        await scheduler.advance(1_000);
      }
    },
    async close() {
      await app.parts.queue?.stop();
      await app.parts.store.close();
    },
  };
}
