/** Server support the pages need: supervisor list with the customer, national-format search, "no agents", widget config, favicon. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canSeeNumbers } from '../../src/app/access/numbers.js';
import { checkNumber } from '../../src/domain/phone.js';
import { testService } from '../../src/testing/test-config.js';
import { harness, post, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({
    services: [testService({ phoneNumber: '+493012345600', language: 'de' }), testService({ id: 'sales', name: 'Sales', slotMinutes: 60, capacity: { default: 1, overrides: [] } })],
  });
});
afterEach(async () => { await h.app.stop(); });

const admin = { authorization: 'Bearer admin-secret' };
const list = async (query: string) => (await h.inject({ url: `/v1/callbacks?${query}`, headers: admin })).json();

describe('supervisor callback list', () => {
  it('says whose callback it is: name, phone in full and national format, subject, notes', async () => {
    const r = await post(h, { subjectId: 'invoice', phone: '089 12345678', firstName: 'Erika', lastName: 'Muster', notes: 'meter', customerId: 'C-7' });
    expect(r.statusCode).toBe(201);
    const body = await list('service=billing');
    expect(body.items[0].customer).toEqual({
      firstName: 'Erika', lastName: 'Muster', customerId: 'C-7', phone: '+498912345678', phoneNational: '089 12345678', phoneMasked: false,
      subject: 'Invoice question', notes: 'meter', language: 'de',
    });
  });

  it('finds a number typed in national format, with spaces or 0049, using the service default country', async () => {
    await post(h, { serviceId: 'billing', phone: '+49 89 12345678' });
    await post(h, { serviceId: 'billing', phone: '+49 30 7654321' });
    for (const typed of ['089 12345678', '+49 89 1234 5678', '0049 89 12345678', '+498912345678']) {
      const body = await list(`phone=${encodeURIComponent(typed)}`);
      expect(body.items.map((i: { customer: { phone: string } }) => i.customer.phone), typed).toEqual(['+498912345678']);
    }
    expect((await list('phone=nonsense')).items).toEqual([]);
  });

  it('decides who sees numbers in one place', () => {
    expect(canSeeNumbers({ kind: 'user', userId: 'a', role: 'administrator' })).toBe(true);
    expect(canSeeNumbers({ kind: 'user', userId: 's', role: 'supervisor' })).toBe(true);
    expect(canSeeNumbers({ kind: 'user', userId: 'm', role: 'monitor' })).toBe(false);
    expect(canSeeNumbers({ kind: 'user', userId: 'd', role: 'developer' })).toBe(false);
    expect(canSeeNumbers({ kind: 'anonymous' })).toBe(false);
  });
});

describe('EWT with nobody to serve', () => {
  it('status and the summary say "no agents" while every capable agent is logged out', async () => {
    const status = (await h.inject({ url: '/v1/services/billing/status' })).json();
    expect(status.noAgents).toBe(true);
    const sum = (await h.inject({ url: '/v1/supervisor/summary', headers: admin })).json();
    expect(sum.services.find((s: { serviceId: string }) => s.serviceId === 'billing').staffing).toEqual({ agents: 0, free: 0 });
    await h.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: admin, payload: { state: 'READY' } });
    expect((await h.inject({ url: '/v1/services/billing/status' })).json().noAgents).toBe(false);
    const after = (await h.inject({ url: '/v1/supervisor/summary', headers: admin })).json();
    expect(after.services.find((s: { serviceId: string }) => s.serviceId === 'billing').staffing).toEqual({ agents: 1, free: 1 });
  });
});

describe('GET /v1/widget/config', () => {
  it('names company and service with its language and phone, readable from any site, and says whether the site may book', async () => {
    const foreign = await h.inject({ url: '/v1/widget/config?service=billing', headers: { origin: 'https://elsewhere.example' } });
    expect(foreign.statusCode).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBe('*');
    expect(foreign.json()).toEqual({
      company: { name: 'Test Energy' }, subject: null, originAllowed: false,
      service: { id: 'billing', name: 'Billing', language: 'de', defaultCountry: 'DE', phoneNumber: '+493012345600', phoneNumberDisplay: '+49 30 12345600' },
    });
    const allowed = await h.inject({ url: '/v1/widget/config?subject=new-contract', headers: { origin: 'https://shop.example.com' } });
    expect(allowed.json()).toMatchObject({ originAllowed: true, service: { id: 'sales', phoneNumber: null }, subject: { id: 'new-contract', label: 'New contract' } });
    expect((await h.inject({ url: '/v1/widget/config?service=nope' })).statusCode).toBe(422);
    expect((await h.inject({ url: '/v1/widget/config' })).json().code).toBe('SERVICE_REQUIRED');
  });
});

describe('phone numbers typed wrong', () => {
  it('tells a number cut short or too long from a short code', async () => {
    const rules = h.app.parts.catalog.rules;
    // Germany's variable-length plan makes "0151 123" possible but invalid: digits are missing.
    expect(checkNumber('0151 123', { defaultCountry: 'DE', rules })).toMatchObject({ ok: false, code: 'PHONE_INVALID', length: 'TOO_SHORT' });
    expect(checkNumber('030 12', { defaultCountry: 'DE', rules })).toMatchObject({ ok: false, code: 'PHONE_INVALID', length: 'TOO_SHORT' });
    expect(checkNumber('030 12345678901234', { defaultCountry: 'DE', rules })).toMatchObject({ ok: false, code: 'PHONE_IMPOSSIBLE', length: 'TOO_LONG' });
    expect(checkNumber('11833', { defaultCountry: 'DE', rules })).toMatchObject({ ok: false, code: 'PHONE_SHORT_CODE' });
    expect(checkNumber('+1 213 373', { rules })).toMatchObject({ ok: false, code: 'PHONE_IMPOSSIBLE', length: 'TOO_SHORT' });
    const v = (await h.inject({ url: '/v1/phone-numbers/validate?number=0151%20123&country=DE' })).json();
    expect(v.reason).toMatchObject({ code: 'PHONE_INVALID', length: 'TOO_SHORT' });
    const created = await post(h, { serviceId: 'billing', phone: '+49 30 12' });
    expect(created.json()).toMatchObject({ code: 'PHONE_INVALID', length: 'TOO_SHORT', fields: [{ field: 'phone' }] });
  });
});

describe('GET /favicon.ico', () => {
  it('answers an icon', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, ['web/build.mjs'], { stdio: 'pipe' });
    const res = await h.inject({ url: '/favicon.ico' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    expect(res.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });
});
