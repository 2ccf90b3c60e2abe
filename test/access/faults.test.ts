/** Regression tests for the faults a fuzz run found over the whole API (issue 11, part 6). */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from '../api/harness.js';
import { testConfig } from '../../src/testing/test-config.js';
import { bearerOf, signIn } from './sign-in.js';

let h: Harness;
afterEach(async () => { await h?.app.stop(); });

/** Sends raw bytes and returns what the server answers before it closes the connection. */
function raw(address: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(address);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => s.write(bytes));
    let text = '';
    s.on('data', (d) => { text += d.toString(); });
    s.on('end', () => resolve(text));
    s.on('error', reject);
  });
}

describe('leap seconds', () => {
  const LEAP = '2026-12-31T23:59:60Z';
  it('are refused with 422 in slotStart, desiredTime, availability, list and report ranges (never a 500)', async () => {
    h = await harness();
    const admin = bearerOf('admin-secret');
    const created = (await post(h, { serviceId: 'billing', phone: '+4930901820' })).json();
    const answers = [
      await post(h, { serviceId: 'billing', phone: '+4930901821', slotStart: LEAP }),
      await post(h, { serviceId: 'billing', phone: '+4930901821', desiredTime: LEAP }),
      await h.inject({ method: 'PATCH', url: `/v1/callbacks/${created.id}`, headers: { 'x-management-token': created.managementToken }, payload: { desiredTime: LEAP } }),
      await h.inject({ url: `/v1/services/billing/availability?from=${LEAP}` }),
      await h.inject({ url: `/v1/callbacks?from=${LEAP}`, headers: admin }),
      await h.inject({ url: `/v1/reports/services?from=${LEAP}&to=2027-01-02T00:00:00Z`, headers: admin }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([422, 422, 422, 422, 422, 422]);
    for (const a of answers) expect(a.json().fields[0].code).toBe('BAD_FORMAT');
  });
});

describe('numbers longer than E.164 allows', () => {
  it('are refused even where a country would take them', async () => {
    h = await harness();
    const res = await h.inject({ url: '/v1/phone-numbers/validate?number=%2B4930123456789012' });
    expect(res.json()).toMatchObject({ valid: false, reason: { code: 'PHONE_IMPOSSIBLE', message: 'phone number has more than 15 digits' } });
    expect((await post(h, { serviceId: 'billing', phone: '+4930123456789012' })).statusCode).toBe(422);
  });
});

describe('our error shape everywhere', () => {
  it('/assets/<name inherited from Object.prototype> is a 404, not "not built"', async () => {
    h = await harness();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const res = await h.inject({ url: `/assets/${name}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('unknown routes and wrong methods answer {code, message}', async () => {
    h = await harness();
    for (const [method, url] of [['GET', '/nope'], ['PUT', '/v1/services'], ['POST', '/healthz']] as const) {
      const res = await h.inject({ method, url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining(url) });
    }
  });

  it('malformed requests, oversized headers and a missing Host get a JSON answer from the server', async () => {
    h = await harness();
    const address = await h.app.parts.http.listen({ host: '127.0.0.1', port: 0 });
    const garbage = await raw(address, 'THIS IS NOT HTTP\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1]!)).toMatchObject({ code: 'BAD_REQUEST' });
    const big = await raw(address, `GET /healthz HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431/);
    expect(big).toContain('"code":"HEADERS_TOO_LARGE"');
    const noHost = await raw(address, 'GET /healthz HTTP/1.1\r\n\r\n');
    expect(noHost).toMatch(/^HTTP\/1\.1 400/);
    expect(noHost).toContain('"code":"HOST_REQUIRED"');
  });

  it('a slow client is cut off by the header timeout instead of holding the connection', async () => {
    h = await harness({ http: { ...testConfig().http, timeouts: { requestMs: 1000, headersMs: 1000, keepAliveMs: 1000, idleMs: 60_000 } } });
    const address = await h.app.parts.http.listen({ host: '127.0.0.1', port: 0 });
    // Half a request line, then nothing: the server must close the connection by itself.
    const answer = await raw(address, 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
  }, 20_000);
});

describe('/metrics', () => {
  it('needs its token (or an administrator/monitor) unless configured public', async () => {
    h = await harness({ http: { ...testConfig().http, metricsToken: 'metrics-token-0123456789' } });
    expect((await h.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await h.inject({ url: '/metrics', headers: bearerOf('metrics-token-0123456789') })).statusCode).toBe(200);
    expect((await h.inject({ url: '/metrics', headers: bearerOf(await signIn(h.app.parts.http, 'mo')) })).statusCode).toBe(200);
    expect((await h.inject({ url: '/metrics', headers: bearerOf(await signIn(h.app.parts.http, 'dev')) })).statusCode).toBe(403);
    await h.app.stop();
    h = await harness({ http: { ...testConfig().http, metricsPublic: true } });
    expect((await h.inject({ url: '/metrics' })).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('every answer has helmet headers; pages a CSP with scripts only from here', async () => {
    h = await harness();
    const page = await h.inject({ url: '/agent' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    const api = await h.inject({ url: '/v1/services' });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    // Other sites embed the widget script.
    expect((await h.inject({ url: '/widget.js' })).headers['cross-origin-resource-policy']).toBe('cross-origin');
  });
});
