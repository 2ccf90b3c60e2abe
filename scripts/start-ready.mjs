#!/usr/bin/env node
// Start-to-ready time: spawns holdless (default `node dist/main.js`; pass another command after --),
// polls GET /readyz until 200, then sends SIGTERM and waits for the exit.
// Usage: node scripts/start-ready.mjs [--runs N] [-- npm start]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const sep = args.indexOf('--');
const command = sep >= 0 ? args.slice(sep + 1) : ['node', 'dist/main.js'];
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

async function once() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'holdless-ready-'));
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, HOLDLESS_HTTP_PORT: String(port), HOLDLESS_DB_PATH: join(dir, 'h.db'), HOLDLESS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'], detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let readyMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited early with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.status === 200) { readyMs = performance.now() - started; break; }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  const stopAt = performance.now();
  process.kill(-child.pid, 'SIGTERM'); // the process group: npm start runs tsx under npm
  const { code, signal } = await exited;
  return { readyMs: Math.round(readyMs), stopMs: Math.round(performance.now() - stopAt), code, signal };
}

const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
const sorted = results.map((r) => r.readyMs).sort((a, b) => a - b);
console.log(JSON.stringify({ command: command.join(' '), runs: results, medianReadyMs: sorted[Math.floor(sorted.length / 2)] }));
