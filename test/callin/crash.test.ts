/**
 * Invariant 1 for call-ins: a real server process takes POST /v1/call-ins and call-in (delayed)
 * callbacks over real HTTP and is killed with SIGKILL while requests are in flight; every request
 * that got a 201 is in the database file afterwards, with the code it answered, still LIVE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { tempDir } from '../../src/testing/test-config.js';
import { waitReady, writeCrashConfig } from '../api/crash-helper.js';

const KEYS = { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'), auth: Buffer.alloc(16, 9).toString('base64url') };

let child: ChildProcess | undefined;
afterEach(() => { child?.kill('SIGKILL'); });

describe('call-ins across kill -9', () => {
  it('every call-in and delayed call-in that got a 201 is stored after the crash', async () => {
    const dir = tempDir();
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', writeCrashConfig(dir, port, '    callIn: { number: "+4930555000", codeLength: 8 }')], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOLDLESS_CONFIG: '' } });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base);

    const callIns: { id: string; accessCode: string }[] = [];
    const delayed: string[] = [];
    let n = 0;
    const worker = async () => {
      for (;;) {
        const i = n++;
        const isDelayed = i % 2 === 1;
        const body = isDelayed
          ? { serviceId: 'billing', phone: `+4930${String(1_000_000 + i)}`, mode: 'call-in-delayed', push: { channel: 'webpush', subscription: { endpoint: `https://push.example.net/${i}`, keys: KEYS } } }
          : { serviceId: 'billing', context: { n: String(i) } };
        try {
          const res = await fetch(`${base}${isDelayed ? '/v1/callbacks' : '/v1/call-ins'}`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'loadgen-key' }, body: JSON.stringify(body),
          });
          if (res.status !== 201) continue;
          const json = (await res.json()) as { id: string; accessCode: string };
          if (isDelayed) delayed.push(json.id);
          else callIns.push({ id: json.id, accessCode: json.accessCode });
        } catch {
          return; // the server died under us
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    // Kill once enough were acknowledged (not after a fixed time: the machine's speed must not matter).
    const until = Date.now() + 30_000;
    while ((callIns.length < 20 || delayed.length < 20) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await Promise.all(workers);
    await new Promise((r) => setTimeout(r, 200));

    // The loop above stops at 20 of each; no more need to be in flight at the kill.
    expect(callIns.length).toBeGreaterThanOrEqual(20);
    expect(delayed.length).toBeGreaterThanOrEqual(20);
    const store = createSqliteStore(join(dir, 'crash.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    const lost = callIns.filter((c) => store.sync.callIns.get(c.id)?.accessCode !== c.accessCode);
    const lostDelayed = delayed.filter((id) => !(store.sync.callbacks.get(id) && store.sync.callIns.push(id)));
    const live = callIns.every((c) => store.sync.callIns.liveByCode(c.accessCode, Date.now())?.id === c.id);
    await store.close();
    expect(lost).toEqual([]);
    expect(lostDelayed).toEqual([]);
    expect(live).toBe(true);
  }, 180_000); // a loaded machine may take long to start the server; nothing here depends on speed
});
