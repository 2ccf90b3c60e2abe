import { describe, expect, it } from 'vitest';
import { solveChallenge } from 'altcha-lib/v1';
import { buildApp } from '../../src/build-app.js';
import { harness, post, type Harness } from './harness.js';

const required = (h?: Partial<Parameters<typeof harness>[0]>) =>
  harness({ captcha: { hmacKey: 'test-captcha-hmac-key', expireSeconds: 300, maxNumber: 2000, requiredFor: ['billing'] }, ...h });

async function solved(h: Harness): Promise<string> {
  const c = (await h.inject({ method: 'GET', url: '/v1/captcha/challenge' })).json() as { algorithm: string; challenge: string; salt: string; signature: string; maxnumber: number };
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!s) throw new Error('no solution');
  return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s.number, salt: c.salt, signature: c.signature })).toString('base64');
}
const withCaptcha = (payload: string) => ({ 'x-captcha': payload });

describe('ALTCHA CAPTCHA on public requests of services that require it', () => {
  it('refuses a missing solution, accepts a solved one once, refuses it the second time', async () => {
    const h = await required();
    const missing = await post(h, { serviceId: 'billing', phone: '+4930901820' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'CAPTCHA_REQUIRED' });
    const payload = await solved(h);
    expect((await post(h, { serviceId: 'billing', phone: '+4930901820' }, withCaptcha(payload))).statusCode).toBe(201);
    const again = await post(h, { serviceId: 'billing', phone: '+4930901821' }, withCaptcha(payload));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CAPTCHA_REUSED' });
    await h.app.stop();
  });

  it('refuses an expired challenge and forged solutions, each with its own code', async () => {
    const h = await required();
    const late = await solved(h);
    h.clock.advance(301_000);
    const expired = await post(h, { serviceId: 'billing', phone: '+4930901822' }, withCaptcha(late));
    expect([expired.statusCode, expired.json().code]).toEqual([403, 'CAPTCHA_EXPIRED']);

    const good = JSON.parse(Buffer.from(await solved(h), 'base64').toString()) as Record<string, unknown>;
    const forgeries = [
      { ...good, number: Number(good['number']) + 1 }, // wrong proof of work
      { ...good, signature: 'f'.repeat(64) }, // not our HMAC
      { ...good, salt: String(good['salt']).replace(/expires=\d+/, 'expires=9999999999') }, // a longer life, unsigned
    ].map((f) => Buffer.from(JSON.stringify(f)).toString('base64'));
    for (const f of [...forgeries, 'not-base64-json']) {
      const r = await post(h, { serviceId: 'billing', phone: '+4930901823' }, withCaptcha(f));
      expect([r.statusCode, r.json().code]).toEqual([403, 'CAPTCHA_INVALID']);
    }
    await h.app.stop();
  });

  it('applies by subject too; not to API-key callers nor to services that do not require it', async () => {
    const h = await required();
    expect((await post(h, { subjectId: 'invoice', phone: '+4930901824' })).json()).toMatchObject({ code: 'CAPTCHA_REQUIRED' });
    expect((await post(h, { serviceId: 'billing', phone: '+4930901825' }, { 'x-api-key': 'partner-secret' })).statusCode).toBe(201);
    expect((await post(h, { serviceId: 'sales', phone: '+4930901826' })).statusCode).toBe(201);
    await h.app.stop();
  });

  it('a spent solution stays spent after a restart over the same database', async () => {
    const h = await required();
    const payload = await solved(h);
    expect((await post(h, { serviceId: 'billing', phone: '+4930901827' }, withCaptcha(payload))).statusCode).toBe(201);
    await h.app.stop();
    const again = await buildApp(h.config, { clock: h.clock });
    await again.parts.http.ready();
    const r = await again.parts.http.inject({ method: 'POST', url: '/v1/callbacks', payload: { serviceId: 'billing', phone: '+4930901828' }, headers: withCaptcha(payload) });
    expect(r.json()).toMatchObject({ code: 'CAPTCHA_REUSED' });
    await again.stop();
  });
});
