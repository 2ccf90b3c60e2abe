import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a ? a.port : 0)); });
});

describe('a real holdless process', () => {
  it('becomes ready, and on SIGTERM drains and exits 0 (rolling restart)', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'holdless-sigterm-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, HOLDLESS_HTTP_PORT: String(port), HOLDLESS_DB_PATH: join(dir, 'h.db'), HOLDLESS_LOG_LEVEL: 'info', HOLDLESS_TELEPHONY_DRIVER: 'simulated' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited early: ${out}`);
      const status = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/"msg":"stopping"/);
    expect(out).toMatch(/drained: no call in progress/);
  }, 120_000);
});
