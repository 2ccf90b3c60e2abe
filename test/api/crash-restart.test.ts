/**
 * Invariant 1: an acknowledged request survives a crash. A real server process takes POSTs over
 * real HTTP and is killed with SIGKILL while requests are in flight; every callback that got a 201
 * must be in the database file afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { tempDir } from '../../src/testing/test-config.js';

const ALWAYS_OPEN = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => `      ${d}: [{ from: "00:00", to: "24:00" }]`).join('\n');

function writeConfig(dir: string, port: number): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, `
company: { name: Crash Test }
http: { host: 127.0.0.1, port: ${port}, apiKeys: [{ id: loadgen, key: loadgen-key, ratePerMinute: 1000000 }], adminToken: admin-secret-for-test }
storage: { path: crash.db, synchronous: FULL }
telephony: { driver: none }
logging: { level: warn }
calendars:
  - id: always
    timezone: Europe/Berlin
    weekly:
${ALWAYS_OPEN}
services:
  - id: billing
    name: Billing
    calendar: always
    slotMinutes: 30
    capacity: { default: 10 }
    dialMode: reserved
    callerId: "+493012345678"
    defaultCountry: DE
rules: { maxRequestsPerNumberPer24h: 100 }
`);
  return path;
}

let child: ChildProcess | undefined;
afterEach(() => { child?.kill('SIGKILL'); });

async function waitReady(base: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch { /* not yet listening */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

describe('crash and restart', () => {
  it('every callback that got a 201 is in the database after kill -9', async () => {
    const dir = tempDir();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const config = writeConfig(dir, port);
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', config], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOLDLESS_CONFIG: '' } });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base);

    const acknowledged: string[] = [];
    let n = 0;
    const worker = async () => {
      for (;;) {
        const i = n++;
        try {
          const res = await fetch(`${base}/v1/callbacks`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': 'loadgen-key' },
            body: JSON.stringify({ serviceId: 'billing', phone: `+4930${String(1_000_000 + i)}` }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // the server died under us
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await Promise.all(workers);
    await new Promise((r) => child!.once('exit', r).listenerCount('exit') && setTimeout(r, 200));

    expect(acknowledged.length).toBeGreaterThan(50);
    const store = createSqliteStore(join(dir, 'crash.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    const missing = acknowledged.filter((id) => !store.read((tx) => tx.callbacks.get(id)));
    const integrity = store.db.sqlite.pragma('integrity_check', { simple: true });
    store.close();
    expect(missing).toEqual([]);
    expect(integrity).toBe('ok');
  }, 60_000);
});
