import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

let h: Harness;
let base: string;
beforeEach(async () => {
  h = await harness();
  base = await h.app.start();
});
afterEach(async () => { await h.app.stop(); });

const postReal = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/v1/callbacks`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('concurrent requests over real HTTP', () => {
  it('50 concurrent bookings of a slot with capacity 1: exactly one is booked', async () => {
    const slotStart = '2026-11-24T10:00:00+01:00';
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postReal({ serviceId: 'sales', phone: `+49309018${String(i).padStart(2, '0')}`, slotStart })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(49);
    const rows = h.app.parts.sqlite!.db.sqlite.prepare("SELECT count(*) AS n FROM callbacks WHERE service_id = 'sales'").get() as { n: number };
    expect(rows.n).toBe(1);
    const booked = await h.app.parts.store.read(async (tx) => await tx.slots.booked('sales', Date.parse(slotStart)));
    expect(booked).toBe(1);
  });

  it('20 concurrent identical requests with one Idempotency-Key: one callback, the same answer for all', async () => {
    const body = { serviceId: 'billing', phone: '+4930901820', firstName: 'Ada' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => postReal(body, { 'idempotency-key': 'order-42' })));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ id: string }>));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const rows = h.app.parts.sqlite!.db.sqlite.prepare('SELECT count(*) AS n FROM callbacks').get() as { n: number };
    expect(rows.n).toBe(1);
    const other = await postReal({ ...body, firstName: 'Bob' }, { 'idempotency-key': 'order-42' });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('50 concurrent requests for one number: one open callback (no key needed)', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => postReal({ serviceId: 'billing', phone: '+4930901820' })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });
});

describe('per-IP rate limit', () => {
  it('answers 429 RATE_LIMITED once the per-minute budget is spent; API-key callers are exempt', async () => {
    await h.app.stop();
    h = await harness({ rules: { ...h.config.rules, perIpRequestsPerMinute: 5 } });
    base = await h.app.start();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postReal({ serviceId: 'billing', phone: `+493090182${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const limited = await postReal({ serviceId: 'billing', phone: '+4930901829' });
    expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
    const keyed = await postReal({ serviceId: 'billing', phone: '+4930901829' }, { 'x-api-key': 'partner-secret' });
    expect(keyed.status).toBe(201);
  });
});
