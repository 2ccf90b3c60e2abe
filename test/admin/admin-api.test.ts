/** The admin API over real HTTP (inject): roles, validation, config.yaml writes, audit, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { demoPassword, shippedConfigCopy } from './config-file.js';
import { harness, type Harness } from '../api/harness.js';
import { bearerOf, signIn, type SignedIn } from '../access/sign-in.js';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { createDirectory } from '../../src/app/access/directory.js';
import { verifyPassword } from '../../src/app/access/passwords.js';

let h: Harness;
let file: string;
let ada: SignedIn;
let mo: SignedIn;
let sam: SignedIn;
const env = {}; // shippedConfigCopy loads with an empty environment too

beforeAll(async () => {
  const copy = shippedConfigCopy();
  file = copy.file;
  h = await harness(copy.over, { configFile: { path: file, env } });
  const http = h.app.parts.http;
  [ada, mo, sam] = await Promise.all([signIn(http, 'admin', demoPassword('admin')), signIn(http, 'mo', demoPassword('mo')), signIn(http, 'sam', demoPassword('sam'))]);
});
afterAll(async () => { await h.app.stop(); });

const as = (s: SignedIn) => bearerOf(s);

describe('admin read views', () => {
  it('shows services, calendars, rules, CORS origins, users and keys without any secret', async () => {
    const res = await h.inject({ url: '/v1/admin/overview', headers: as(ada) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.services.map((s: { id: string }) => s.id)).toEqual(h.config.services.map((s) => s.id));
    expect(body.services[0]).toMatchObject({ capacity: expect.any(Object), offer: expect.any(Object), retry: expect.any(Object), dialMode: expect.anything() });
    expect(body.corsOrigins).toEqual(h.config.http.corsOrigins);
    expect(body.users.find((u: { id: string }) => u.id === 'admin')).toEqual({ id: 'admin', role: 'administrator' });
    expect(body.users.filter((u: { pending?: string }) => u.pending)).toEqual([]);
    expect(body.configWritable).toBe(true);
    expect(res.body).not.toMatch(/scrypt\$|passwordHash|keyHash|adminToken/);
    for (const k of h.config.http.apiKeys) expect(res.body).not.toContain(k.keyHash);
  });

  it('lets a monitor read, refuses a supervisor (403) and anonymous (401)', async () => {
    expect((await h.inject({ url: '/v1/admin/overview', headers: as(mo) })).statusCode).toBe(200);
    expect((await h.inject({ url: '/v1/admin/overview', headers: as(sam) })).json().code).toBe('FORBIDDEN');
    expect((await h.inject({ url: '/v1/admin/audit' })).statusCode).toBe(401);
  });

  it('records refusals with code, route, IP and caller, and masks numbers for a monitor', async () => {
    await h.inject({ method: 'POST', url: '/v1/callbacks', payload: { serviceId: 'nope', phone: '+4930901820' } });
    await h.inject({ url: '/v1/callbacks/x?phone=4915112345678&token=secret-token' }); // 401: anonymous
    await h.inject({ url: '/v1/admin/overview', headers: as(sam) });
    const admin = (await h.inject({ url: '/v1/admin/refusals?limit=10', headers: as(ada) })).json();
    const refused = admin.items.find((r: { route: string; who: string }) => r.route === '/v1/admin/overview' && r.who === 'sam');
    expect(refused).toMatchObject({ status: 403, code: 'FORBIDDEN', method: 'GET', ip: '127.0.0.1' });
    const created = admin.items.find((r: { route: string }) => r.route === '/v1/callbacks');
    expect(created.status).toBeGreaterThanOrEqual(400);
    expect(created.code).not.toBe('');
    const monitor = (await h.inject({ url: '/v1/admin/refusals?limit=50', headers: as(mo) })).body;
    expect(JSON.stringify(admin)).not.toContain('secret-token');
    expect(JSON.stringify(admin)).toContain('phone=4915112345678');
    expect(monitor).not.toContain('4915112345678');
    expect(monitor).toContain('phone=49151••••••78');
    expect((await h.inject({ url: '/v1/admin/refusals?limit=0', headers: as(ada) })).statusCode).toBe(422);
  });
});

describe('users and API keys', () => {
  it('creates a user with a one-time password that config.yaml holds only as a hash, and revokes it', async () => {
    const res = await h.inject({ method: 'POST', url: '/v1/admin/users', headers: as(ada), payload: { id: 'newbie', role: 'supervisor' } });
    expect(res.statusCode).toBe(201);
    const { password } = res.json();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(password);
    expect(text).toContain('# Agents sign in to /agent'); // comments kept
    const account = loadConfig(file, env).accounts.find((a) => a.id === 'newbie')!;
    expect(account.role).toBe('supervisor');
    expect(await verifyPassword(password, account.passwordHash)).toBe(true);
    // The running server still has its loaded users: the overview marks the new one as pending.
    const listed = (await h.inject({ url: '/v1/admin/overview', headers: as(ada) })).json().users;
    expect(listed.find((u: { id: string }) => u.id === 'newbie')).toEqual({ id: 'newbie', role: 'supervisor', pending: 'added' });
    expect((await h.inject({ method: 'POST', url: '/v1/session', payload: { user: 'newbie', password } })).statusCode).toBe(401);

    expect((await h.inject({ method: 'POST', url: '/v1/admin/users', headers: as(ada), payload: { id: 'newbie', role: 'monitor' } })).json().code).toBe('CONFIG_EDIT_REFUSED');
    expect((await h.inject({ method: 'DELETE', url: '/v1/admin/users/newbie', headers: as(ada) })).statusCode).toBe(200);
    expect(loadConfig(file, env).accounts.some((a) => a.id === 'newbie')).toBe(false);
    const again = await h.inject({ method: 'DELETE', url: '/v1/admin/users/newbie', headers: as(ada) });
    expect([again.statusCode, again.json().code]).toEqual([404, 'USER_NOT_FOUND']);
  });

  it('creates an API key shown once (config.yaml keeps the sha256) and revokes it', async () => {
    const res = await h.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: as(ada), payload: { id: 'shop', services: ['billing'], operations: ['create', 'read'] } });
    expect(res.statusCode).toBe(201);
    const { key } = res.json();
    expect(readFileSync(file, 'utf8')).not.toContain(key);
    const loaded = loadConfig(file, env);
    const dir = createDirectory(loaded.accounts, loaded.http.apiKeys);
    expect(dir.apiKey(key)).toMatchObject({ id: 'shop', services: ['billing'], operations: ['create', 'read'] });
    expect((await h.inject({ method: 'DELETE', url: '/v1/admin/api-keys/shop', headers: as(ada) })).statusCode).toBe(200);
    expect(loadConfig(file, env).http.apiKeys.some((k) => k.id === 'shop')).toBe(false);
  });

  it('refuses a key for an unknown service (the result would not load) and leaves config.yaml as it was', async () => {
    const before = readFileSync(file, 'utf8');
    const res = await h.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: as(ada), payload: { id: 'bad', services: ['no-such-service'] } });
    expect([res.statusCode, res.json().code]).toEqual([409, 'CONFIG_EDIT_REFUSED']);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('validates bodies and ids (422 with field codes) and refuses removing yourself', async () => {
    const bad = await h.inject({ method: 'POST', url: '/v1/admin/users', headers: as(ada), payload: { id: 'X Y', role: 'king' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().fields.map((f: { field: string }) => f.field).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/id/)]));
    expect((await h.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: as(ada), payload: { id: 'k', operations: ['launch'] } })).statusCode).toBe(422);
    expect((await h.inject({ method: 'POST', url: '/v1/admin/users', headers: as(ada), payload: { id: 'agentish', role: 'agent' } })).statusCode).toBe(422);
    expect((await h.inject({ method: 'DELETE', url: '/v1/admin/users/admin', headers: as(ada) })).json().code).toBe('SELF_REVOKE');
  });

  it('lets only administrators write: monitor and supervisor get 403, anonymous 401', async () => {
    for (const who of [mo, sam]) {
      expect((await h.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: as(who), payload: { id: 'x1' } })).statusCode).toBe(403);
      expect((await h.inject({ method: 'DELETE', url: '/v1/admin/users/sam', headers: as(who) })).statusCode).toBe(403);
    }
    expect((await h.inject({ method: 'POST', url: '/v1/admin/users', payload: { id: 'x2', role: 'monitor' } })).statusCode).toBe(401);
  });

  it('keeps every action in the audit log, newest first', async () => {
    const { items } = (await h.inject({ url: '/v1/admin/audit', headers: as(mo) })).json();
    expect(items.slice(0, 4).map((e: { actor: string; action: string; target: string }) => `${e.actor} ${e.action} ${e.target}`)).toEqual([
      'admin api-key.revoke shop', 'admin api-key.create shop', 'admin user.revoke newbie', 'admin user.create newbie',
    ]);
  });
});

describe('without a config file', () => {
  it('answers writes with 409 CONFIG_NOT_WRITABLE', async () => {
    const bare = await harness();
    const admin = await signIn(bare.app.parts.http, 'ada');
    const res = await bare.inject({ method: 'POST', url: '/v1/admin/users', headers: bearerOf(admin), payload: { id: 'zed', role: 'monitor' } });
    expect([res.statusCode, res.json().code]).toEqual([409, 'CONFIG_NOT_WRITABLE']);
    await bare.app.stop();
  });
});
