/**
 * Invariant 1: an acknowledged request survives a crash. A real server process takes POSTs over
 * real HTTP and is killed with SIGKILL while requests are in flight; every callback that got a 201
 * must be in the database file afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { tempDir } from '../../src/testing/test-config.js';
import { waitReady, writeCrashConfig } from './crash-helper.js';

let child: ChildProcess | undefined;
afterEach(() => { child?.kill('SIGKILL'); });

describe('crash and restart', () => {
  it('every callback that got a 201 is in the database after kill -9', async () => {
    const dir = tempDir();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const config = writeCrashConfig(dir, port);
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
    // Kill once enough were acknowledged (not after a fixed time: the machine's speed must not matter).
    const until = Date.now() + 60_000;
    while (acknowledged.length <= 50 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await Promise.all(workers);
    await new Promise((r) => child!.once('exit', r).listenerCount('exit') && setTimeout(r, 200));

    expect(acknowledged.length).toBeGreaterThan(50);
    const store = createSqliteStore(join(dir, 'crash.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    const missing = acknowledged.filter((id) => !store.sync.callbacks.get(id));
    const integrity = store.db.sqlite.pragma('integrity_check', { simple: true });
    await store.close();
    expect(missing).toEqual([]);
    expect(integrity).toBe('ok');
  }, 180_000);
});
