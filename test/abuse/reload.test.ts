import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { buildApp, type App } from '../../src/build-app.js';
import { pinCatalog } from '../../src/telephony-wiring.js';

const SHIPPED = readFileSync('config.yaml', 'utf8');
let app: App | undefined;
let dir: string | undefined;
let file: string | undefined;
afterEach(async () => {
  await app?.stop(); app = undefined;
  if (file) rmSync(file, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The shipped config next to it (so flows/ and prompts/ resolve), on its own database. */
function writeConfig(edit: (yaml: string) => string = (y) => y): string {
  dir ??= mkdtempSync(join(tmpdir(), 'holdless-reload-'));
  file ??= `.reload-test-${process.pid}.yaml`;
  writeFileSync(file, edit(SHIPPED.replace('path: data/holdless.db', `path: ${join(dir, 'h.db')}`)));
  return file;
}
const services = async (a: App) => (await a.parts.http.inject({ url: '/v1/services' })).json().services as { id: string; name: string }[];

describe('config reload (SIGHUP / admin)', () => {
  it('swaps the catalog for new work; a pinned (running) view keeps the old one', async () => {
    const path = writeConfig();
    app = await buildApp(loadConfig(path));
    const running = pinCatalog(app.parts.ctx); // what a call in progress holds
    expect((await services(app)).find((s) => s.id === 'billing')?.name).toBe('Billing');
    writeConfig((y) => y.replace('name: Billing', 'name: Billing and invoices').replace('autoTransferBelowSeconds: 120', 'autoTransferBelowSeconds: 45'));
    const result = app.reload(path);
    expect(result).toEqual({ ok: true, needsRestart: [] });
    expect((await services(app)).find((s) => s.id === 'billing')?.name).toBe('Billing and invoices');
    expect(running.catalog.service('billing').name).toBe('Billing');
    expect(pinCatalog(app.parts.ctx).catalog.service('billing').name).toBe('Billing and invoices');
  });

  it('refuses a broken config.yaml with the loader messages and changes nothing', async () => {
    const path = writeConfig();
    app = await buildApp(loadConfig(path));
    writeConfig((y) => y.replace('name: Billing', 'name: Changed').replace('slotMinutes: 30', 'slotMinutes: 7'));
    const result = app.reload(path);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('CONFIG_INVALID');
      expect(result.message).toContain('slotMinutes');
    }
    expect((await services(app)).find((s) => s.id === 'billing')?.name).toBe('Billing');
  });

  it('refuses a config whose inbound flow does not exist (flows checked before anything is swapped)', async () => {
    const path = writeConfig();
    app = await buildApp(loadConfig(path));
    writeConfig((y) => y.replace(/inboundFlow: \S+/, 'inboundFlow: no-such-flow').replace('name: Billing', 'name: Changed'));
    const result = app.reload(path);
    expect(result).toMatchObject({ ok: false, code: 'FLOW_INVALID' });
    expect((await services(app)).find((s) => s.id === 'billing')?.name).toBe('Billing');
  });

  it('reports start-only settings as needing a restart', async () => {
    const path = writeConfig();
    app = await buildApp(loadConfig(path));
    writeConfig((y) => y.replace('port: 8080', 'port: 8081'));
    expect(app.reload(path)).toEqual({ ok: true, needsRestart: ['http.port'] });
  });

  it('swaps the API keys: a key added to the file works after the reload, an unknown one still gets 401', async () => {
    const path = writeConfig();
    app = await buildApp(loadConfig(path));
    const create = (key: string) => app!.parts.http.inject({
      method: 'POST', url: '/v1/callbacks', headers: { 'x-api-key': key }, payload: { serviceId: 'billing', phone: '+4930901820' },
    });
    expect((await create('added-after-start')).statusCode).toBe(401);
    writeConfig((y) => y.replace('  apiKeys:\n', '  apiKeys:\n    - { id: late, key: added-after-start, services: ["*"], operations: [read] }\n'));
    expect(app.reload(path)).toMatchObject({ ok: true });
    // Known now (scoped to read): past the key check, so no longer 401 INVALID_API_KEY.
    const after = await create('added-after-start');
    expect(after.statusCode, after.body).not.toBe(401);
    expect(after.json().code).not.toBe('INVALID_API_KEY');
    expect((await create('never-configured')).statusCode).toBe(401);
  });
});
