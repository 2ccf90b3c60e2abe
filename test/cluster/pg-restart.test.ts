/**
 * The app over PostgreSQL when the server restarts (issue 9 part 3): while it is down, requests
 * are answered 503 STORAGE_UNAVAILABLE (never a 201 that was not committed) and /readyz says
 * not ready; when it is back, the same process takes requests again, every callback it
 * acknowledged is there, and the node is elected dispatcher again (its lock connection died).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { buildApp, type App } from '../../src/build-app.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testConfig } from '../../src/testing/test-config.js';
import { ownPostgres, type PgServer } from '../store/pg-server.js';

const found = await ownPostgres();
const MONDAY_10_BERLIN = Date.parse('2026-11-23T09:00:00Z');
const KEY = { 'x-api-key': 'partner-secret' };
const until = async (what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.skipIf(!found.ok)('PostgreSQL restart under a running node', () => {
  let server: PgServer;
  let url: string;
  let app: App;
  beforeAll(async () => {
    server = (found as { server: PgServer }).server;
    ({ url } = await server.createDatabase());
    const base = testConfig();
    const config = testConfig({
      storage: { ...base.storage, driver: 'postgres', postgres: { url, urlEnv: 'UNUSED', poolSize: 4, statementTimeoutMs: 10_000, connectTimeoutMs: 1_000 } },
      cluster: { nodeId: 'only', checkMs: 100 },
    });
    app = await buildApp(config, { clock: new FakeClock(MONDAY_10_BERLIN) });
    await app.parts.http.ready();
    await app.parts.ctx.cluster!.start();
  });
  afterAll(async () => {
    await app?.parts.ctx.cluster?.stop();
    await app?.parts.store.close().catch(() => undefined);
    await server?.close();
  });

  const post = (i: number) => app.parts.http.inject({ method: 'POST', url: '/v1/callbacks', headers: KEY, payload: { serviceId: 'billing', phone: `+4930901${String(800 + i)}` } });
  const readyz = async () => (await app.parts.http.inject({ url: '/readyz' })).json() as { status: string; cluster: { role: string; epoch: number } };

  it('503 STORAGE_UNAVAILABLE while down, nothing acknowledged lost, dispatcher again when back', async () => {
    await until('elected', async () => (await readyz()).cluster.role === 'dispatcher');
    const epoch = (await readyz()).cluster.epoch;
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await post(i);
      expect(r.statusCode).toBe(201);
      acknowledged.push(r.json<{ id: string }>().id);
    }

    await server.cluster!.stop();
    const down = await post(10);
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    const status = await app.parts.http.inject({ url: '/readyz' });
    expect(status.statusCode).toBe(503);
    await until('dispatcher role dropped', async () => (await readyz()).cluster.role === 'follower');

    await server.cluster!.start();
    await until('takes requests again', async () => (await post(20)).statusCode === 201);
    await until('dispatcher again, under a new epoch', async () => {
      const r = await readyz();
      return r.cluster.role === 'dispatcher' && r.cluster.epoch > epoch;
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ id: string }>('SELECT id FROM callbacks WHERE id = ANY($1)', [acknowledged]);
    await client.end();
    expect(rows.rows.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
  });
});
