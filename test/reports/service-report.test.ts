import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, post, type Harness } from '../api/harness.js';

let h: Harness;
beforeEach(async () => { h = await harness({}, { queue: { ewtForNew: () => null, ewtFor: () => null, callbackChanged: () => undefined } }); });
afterEach(async () => { await h.app.stop(); });

const admin = { authorization: 'Bearer admin-secret' };
const q = (s: string) => encodeURIComponent(s);

describe('GET /v1/reports/services (from the event log)', () => {
  it('counts requests by channel, cancellations, attempts by outcome and failures per service and local day', async () => {
    const a = (await post(h, { serviceId: 'billing', phone: '+4930901820' })).json();
    await post(h, { serviceId: 'billing', phone: '+4930901821' }, { 'x-api-key': 'partner-secret' });
    await post(h, { serviceId: 'sales', phone: '+4930901822' });
    await h.inject({ method: 'DELETE', url: `/v1/callbacks/${a.id}`, headers: { 'x-management-token': a.managementToken } });
    // What the dialer writes: two attempts today, and a final failure at 00:30 Berlin time tomorrow.
    await h.app.parts.store.write(async (tx) => {
      await tx.events.append({ at: h.clock.now(), type: 'ATTEMPT_ENDED', serviceId: 'billing', data: { outcome: 'BUSY' } });
      await tx.events.append({ at: h.clock.now(), type: 'ATTEMPT_ENDED', serviceId: 'billing', data: { outcome: 'NO_ANSWER' } });
      await tx.events.append({ at: Date.parse('2026-11-23T23:30:00Z'), type: 'CALLBACK_STATE', serviceId: 'billing', toState: 'FAILED', data: { reason: 'MAX_ATTEMPTS_NO_ANSWER' } });
    });
    const res = await h.inject({ url: `/v1/reports/services?from=${q('2026-11-23T00:00:00+01:00')}&to=${q('2026-11-25T00:00:00+01:00')}`, headers: admin });
    expect(res.statusCode).toBe(200);
    const days = res.json().days;
    expect(days).toHaveLength(3);
    expect(days[0]).toMatchObject({
      serviceId: 'billing', date: '2026-11-23',
      requested: { total: 2, byChannel: { web: 1, api: 1 } }, cancelled: 1,
      attempts: { total: 2, byOutcome: { BUSY: 1, NO_ANSWER: 1 } }, failed: { total: 0 },
    });
    expect(days[1]).toMatchObject({ serviceId: 'sales', date: '2026-11-23', requested: { total: 1, byChannel: { web: 1 } } });
    // 23:30 UTC is 00:30 on the next local day in Berlin.
    expect(days[2]).toMatchObject({ serviceId: 'billing', date: '2026-11-24', failed: { total: 1, byReason: { MAX_ATTEMPTS_NO_ANSWER: 1 } } });
    const onlySales = (await h.inject({ url: `/v1/reports/services?from=${q('2026-11-23T00:00:00+01:00')}&to=${q('2026-11-25T00:00:00+01:00')}&service=sales`, headers: admin })).json();
    expect(onlySales.days.map((d: { serviceId: string }) => d.serviceId)).toEqual(['sales']);
  });

  it('needs the admin token and a sane range', async () => {
    expect((await h.inject({ url: `/v1/reports/services?from=${q('2026-11-23T00:00:00Z')}&to=${q('2026-11-24T00:00:00Z')}` })).statusCode).toBe(401);
    const backwards = await h.inject({ url: `/v1/reports/services?from=${q('2026-11-24T00:00:00Z')}&to=${q('2026-11-23T00:00:00Z')}`, headers: admin });
    expect(backwards.json().code).toBe('RANGE_INVALID');
  });

  it('the event log refuses updates and deletes', () => {
    const sqlite = h.app.parts.sqlite!.db.sqlite;
    sqlite.prepare("INSERT INTO events (at, type) VALUES (1, 'X')").run();
    expect(() => sqlite.prepare("UPDATE events SET type = 'Y'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });
});

describe('GET /metrics', () => {
  it('exposes callbacks by state and telephony links in Prometheus format', async () => {
    await post(h, { serviceId: 'billing', phone: '+4930901820' });
    const text = (await h.inject({ url: '/metrics', headers: admin })).body;
    expect(text).toContain('holdless_callbacks{service="billing",state="QUEUED"} 1');
    expect(text).toContain('holdless_telephony_link_up{link="signalling"} -1');
    expect(text).toMatch(/holdless_group_commit\{kind="writes"\} [1-9]/);
  });
});
