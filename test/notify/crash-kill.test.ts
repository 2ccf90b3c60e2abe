/**
 * Crash safety with a real process: holdless runs as its own process with a webhook target that is
 * down, acknowledges callbacks (201), and is killed with SIGKILL. A new server over the same SQLite
 * file then delivers every promised "callback.created", signed, once the receiver is up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { buildApp } from '../../src/build-app.js';
import { tempDir } from '../../src/testing/test-config.js';
import { waitReady, writeCrashConfig } from '../api/crash-helper.js';
import { startReceiver } from './webhook-receiver.js';

const SECRET = 'a-webhook-secret-for-the-crash-test';
const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

const notifySection = (hookPort: number) => `
notify:
  pollMs: 50
  timeoutMs: 1000
  initialDelaySeconds: 1
  maxDelaySeconds: 1
  maxAttempts: 50
  webhooks:
    - { id: crm, url: "http://127.0.0.1:${hookPort}/hooks", secret: "${SECRET}" }
`;

let child: ChildProcess | undefined;
afterEach(() => { child?.kill('SIGKILL'); });

describe('outbox across kill -9', () => {
  it('every webhook promised by an acknowledged request is delivered after a restart over the same file', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const [port, hookPort] = [await freePort(), await freePort()];
    const path = writeCrashConfig(dir, port, '', notifySection(hookPort));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', path], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOLDLESS_CONFIG: '' } });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, 45_000).catch((e: Error) => { throw new Error(`${e.message}: ${stderr}`); });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}/v1/callbacks`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'loadgen-key' },
        body: JSON.stringify({ serviceId: 'billing', phone: `+4930${2_000_000 + i}` }),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    await new Promise((r) => setTimeout(r, 300)); // the dead receiver is tried at least once
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    const receiver = await startReceiver(SECRET, hookPort);
    const app = await buildApp(loadConfig(path, { HOLDLESS_CONFIG: '' }), { notify: { autoPoll: false } });
    try {
      await expect.poll(async () => {
        await app.parts.notify.poller.tickNow();
        return receiver.received.map((m) => m.body['callbackId']).sort();
      }, { timeout: 15_000, interval: 300 }).toEqual([...ids].sort());
      expect(receiver.log.every((l) => l.answered !== 'bad-signature')).toBe(true);
      expect(receiver.received.every((m) => m.body['type'] === 'callback.created')).toBe(true);
    } finally {
      await app.stop();
      await receiver.close();
    }
  });
});
