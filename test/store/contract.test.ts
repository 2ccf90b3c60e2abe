/**
 * One contract for the Store port, run against both adapters: a real SQLite file in a temp dir
 * and a real PostgreSQL database (test/store/pg-server.ts). Nothing above the port may tell them
 * apart, so every repository function is checked here with the same expectations.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Store } from '../../src/app/ports/store.js';
import { postgresHarness, sqliteHarness, type Harness } from './harness.js';
import { callbackCases } from './cases-callbacks.js';
import { logCases } from './cases-log.js';
import { moreCases } from './cases-more.js';
import { concurrencyCases } from './cases-concurrency.js';

const harnesses: Harness[] = [sqliteHarness(), await postgresHarness()];

describe.each(harnesses)('Store contract: $name', (h) => {
  if (h.skip) {
    it.skip(`skipped: ${h.skip}`, () => {});
    return;
  }
  let main: Store;
  beforeAll(async () => { main = await h.open('main'); });
  afterAll(() => h.cleanup());

  callbackCases(() => main);
  logCases(() => h, (name) => h.open(name));
  moreCases((name) => h.open(name));
  concurrencyCases(() => h);
});
