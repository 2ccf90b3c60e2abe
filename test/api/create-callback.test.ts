import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => { h = await harness(); });
afterEach(async () => { await h.app.stop(); });

describe('POST /v1/callbacks', () => {
  it('creates an as-soon-as-possible callback, normalised to E.164, first in line', async () => {
    const res = await post(h, { serviceId: 'billing', phone: '030 901820', firstName: 'Ada', context: { page: '/tariffs' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ serviceId: 'billing', state: 'QUEUED', channel: 'web', position: 1, scheduled: null, ewtSeconds: null });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await h.app.parts.store.read(async (tx) => await tx.callbacks.get(body.id));
    expect(stored).toMatchObject({ phone: '+4930901820', firstName: 'Ada', context: { page: '/tariffs' } });
    const second = await post(h, { serviceId: 'billing', phone: '+44 20 7946 0958' });
    expect(second.json().position).toBe(2);
  });

  it('resolves a subject to its service', async () => {
    const res = await post(h, { subjectId: 'new-contract', phone: '+4930901820' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ serviceId: 'sales', subjectId: 'new-contract' });
  });

  it('books a slot and counts it against the slot capacity', async () => {
    const slotStart = '2026-11-24T10:00:00+01:00';
    const res = await post(h, { serviceId: 'billing', phone: '+4930901820', slotStart });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'SCHEDULED', position: null, scheduled: { slotStart: '2026-11-24T09:00:00.000Z', localStart: '2026-11-24T10:00:00+01:00' } });
    const avail = await h.inject({ url: '/v1/services/billing/availability?from=2026-11-24T10:00:00%2B01:00&to=2026-11-24T10:30:00%2B01:00&includeFull=true' });
    expect(avail.json().slots).toEqual([{ start: '2026-11-24T09:00:00.000Z', localStart: '2026-11-24T10:00:00+01:00', capacity: 2, remaining: 1 }]);
  });

  it('maps a desired time to the slot that holds it', async () => {
    const res = await post(h, { serviceId: 'billing', phone: '+4930901820', desiredTime: '2026-11-24T10:40:00+01:00' });
    expect(res.statusCode).toBe(201);
    expect(res.json().scheduled.localStart).toBe('2026-11-24T10:30:00+01:00');
  });

  it('answers 409 when the number already has an open callback in the service', async () => {
    expect((await post(h, { serviceId: 'billing', phone: '+4930901820' })).statusCode).toBe(201);
    const dup = await post(h, { serviceId: 'billing', phone: '030 901820' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'CALLBACK_ALREADY_OPEN', fields: [{ field: 'phone' }] });
    expect((await post(h, { serviceId: 'sales', phone: '+4930901820' })).statusCode).toBe(201);
  });

  it('answers 429 with the closest free slots when the slot is full', async () => {
    const slotStart = '2026-11-24T10:00:00+01:00';
    await post(h, { serviceId: 'sales', phone: '+4930901820', slotStart });
    const full = await post(h, { serviceId: 'sales', phone: '+4930901821', slotStart });
    expect(full.statusCode).toBe(429);
    const body = full.json();
    expect(body.code).toBe('SLOT_FULL');
    expect(body.proposals.map((p: { localStart: string }) => p.localStart)).toEqual([
      '2026-11-24T08:00:00+01:00', '2026-11-24T09:00:00+01:00', '2026-11-24T11:00:00+01:00',
    ]);
  });

  it('limits requests per number per 24 hours', async () => {
    for (let i = 0; i < 6; i++) {
      const r = await post(h, { serviceId: 'billing', phone: '+4930901820' });
      expect(r.statusCode).toBe(201);
      await h.inject({ method: 'DELETE', url: `/v1/callbacks/${r.json().id}`, headers: { 'x-management-token': r.json().managementToken } });
    }
    const seventh = await post(h, { serviceId: 'billing', phone: '+4930901820' });
    expect(seventh.statusCode).toBe(429);
    expect(seventh.json().code).toBe('NUMBER_RATE_LIMITED');
    h.clock.advance(24 * 3600_000 + 1);
    expect((await post(h, { serviceId: 'billing', phone: '+4930901820' })).statusCode).toBe(201);
  });
});

describe('POST /v1/callbacks refusals', () => {
  const cases: [string, Record<string, unknown>, number, string, string?][] = [
    ['unknown field', { serviceId: 'billing', phone: '+4930901820', colour: 'red' }, 422, 'VALIDATION_FAILED', 'colour'],
    ['missing phone', { serviceId: 'billing' }, 422, 'VALIDATION_FAILED', 'phone'],
    ['phone as a JSON number', { serviceId: 'billing', phone: 12133734253 }, 422, 'VALIDATION_FAILED', 'phone'],
    ['letters in the number', { serviceId: 'billing', phone: '1-800-GOT-MILK' }, 422, 'PHONE_INVALID_CHARACTERS', 'phone'],
    ['SIP URI injection', { serviceId: 'billing', phone: 'sip:attacker@evil.com' }, 422, 'PHONE_INVALID_CHARACTERS', 'phone'],
    ['impossible number', { serviceId: 'billing', phone: '+49 1' }, 422, 'PHONE_IMPOSSIBLE', 'phone'],
    ['emergency number', { serviceId: 'billing', phone: '112' }, 403, 'PHONE_EMERGENCY', 'phone'],
    ['premium rate', { serviceId: 'billing', phone: '+1 900 555 0199' }, 403, 'PHONE_PREMIUM', 'phone'],
    ['country not allowed', { serviceId: 'billing', phone: '+33 1 42 68 53 00' }, 403, 'PHONE_COUNTRY_NOT_ALLOWED', 'phone'],
    ['blocked pattern', { serviceId: 'billing', phone: '+49 151 99123456' }, 403, 'PHONE_BLOCKED_PATTERN', 'phone'],
    ['unknown service', { serviceId: 'nope', phone: '+4930901820' }, 422, 'SERVICE_NOT_FOUND', 'serviceId'],
    ['unknown subject', { subjectId: 'nope', phone: '+4930901820' }, 422, 'SUBJECT_NOT_FOUND', 'subjectId'],
    ['neither service nor subject', { phone: '+4930901820' }, 422, 'SERVICE_REQUIRED', 'serviceId'],
    ['time without offset', { serviceId: 'billing', phone: '+4930901820', desiredTime: '2026-11-24T10:00:00' }, 422, 'VALIDATION_FAILED', 'desiredTime'],
    ['time in the past', { serviceId: 'billing', phone: '+4930901820', desiredTime: '2026-11-20T10:00:00+01:00' }, 422, 'TIME_IN_PAST', 'desiredTime'],
    ['time on a Sunday', { serviceId: 'billing', phone: '+4930901820', desiredTime: '2026-11-29T10:00:00+01:00' }, 422, 'TIME_CLOSED', 'desiredTime'],
    ['time on a holiday', { serviceId: 'billing', phone: '+4930901820', desiredTime: '2026-12-08T10:00:00+01:00' }, 422, 'TIME_CLOSED', 'desiredTime'],
    ['time too far ahead', { serviceId: 'billing', phone: '+4930901820', desiredTime: '2027-03-01T10:00:00+01:00' }, 422, 'TIME_TOO_FAR', 'desiredTime'],
    ['not a slot start', { serviceId: 'billing', phone: '+4930901820', slotStart: '2026-11-24T10:10:00+01:00' }, 422, 'NOT_A_SLOT_START', 'slotStart'],
    ['both slot and desired time', { serviceId: 'billing', phone: '+4930901820', slotStart: '2026-11-24T10:00:00+01:00', desiredTime: '2026-11-24T10:00:00+01:00' }, 422, 'TIMING_AMBIGUOUS', 'slotStart'],
    ['notes too long', { serviceId: 'billing', phone: '+4930901820', notes: 'x'.repeat(1001) }, 422, 'VALIDATION_FAILED', 'notes'],
  ];
  it.each(cases)('%s → %s %s', async (_name, body, status, code, field) => {
    const res = await post(h, body);
    expect(res.statusCode).toBe(status);
    const json = res.json();
    expect(json.code).toBe(code);
    expect(typeof json.message).toBe('string');
    if (field) expect(json.fields.map((f: { field: string }) => f.field)).toContain(field);
    const count = h.app.parts.sqlite!.db.sqlite.prepare('SELECT count(*) AS n FROM callbacks').get() as { n: number };
    expect(count.n).toBe(0);
  });

  it('refuses an as-soon-as-possible request while closed, naming the next opening', async () => {
    h.clock.set('2026-11-23T19:00:00Z'); // Monday 20:00 Berlin
    const res = await post(h, { serviceId: 'billing', phone: '+4930901820' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'SERVICE_CLOSED', nextOpening: '2026-11-24T07:00:00.000Z' });
  });

  it('answers 413 for a body over the limit and 415 for a non-JSON body', async () => {
    const big = await post(h, { serviceId: 'billing', phone: '+4930901820', context: { a: 'x'.repeat(20_000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('BODY_TOO_LARGE');
    const text = await h.inject({ method: 'POST', url: '/v1/callbacks', payload: 'phone=1', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    const broken = await h.inject({ method: 'POST', url: '/v1/callbacks', payload: '{"phone":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
  });

  it('refuses a wrong API key', async () => {
    const res = await post(h, { serviceId: 'billing', phone: '+4930901820' }, { 'x-api-key': 'guess' });
    expect(res.statusCode).toBe(401);
    const ok = await post(h, { serviceId: 'billing', phone: '+4930901820' }, { 'x-api-key': 'partner-secret' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().channel).toBe('api');
  });
});
