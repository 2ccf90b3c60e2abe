import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeIdempotencyKeys } from '../../src/adapters/scheduler/housekeeping-cron.js';
import { harness, post, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => { h = await harness({}, { queue: { ewtForNew: () => null, ewtFor: () => null, callbackChanged: () => undefined } }); });
afterEach(async () => { await h.app.stop(); });

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body', async () => {
    const body = { serviceId: 'billing', phone: '+4930901820' };
    const first = await post(h, body, { 'idempotency-key': 'k1' });
    h.clock.advance(60_000);
    const again = await post(h, body, { 'idempotency-key': 'k1' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('keys are scoped per caller: the same key from another API client is another request', async () => {
    await post(h, { serviceId: 'billing', phone: '+4930901820' }, { 'idempotency-key': 'shared' });
    const other = await post(h, { serviceId: 'sales', phone: '+4930901820' }, { 'idempotency-key': 'shared', 'x-api-key': 'partner-secret' });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a key older than 24 hours is purged by housekeeping and then treated as new', async () => {
    const first = await post(h, { serviceId: 'billing', phone: '+4930901820' }, { 'idempotency-key': 'old' });
    await h.inject({ method: 'DELETE', url: `/v1/callbacks/${first.json().id}`, headers: { 'x-management-token': first.json().managementToken } });
    h.clock.advance(25 * 3600_000);
    expect(await purgeIdempotencyKeys(h.app.parts.store, h.clock)).toBe(1);
    const fresh = await post(h, { serviceId: 'billing', phone: '+4930901821' }, { 'idempotency-key': 'old' });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().id).not.toBe(first.json().id);
  });

  it('a refused request stores nothing under its key, so a corrected retry is judged again', async () => {
    const refused = await post(h, { serviceId: 'billing', phone: '+1 900 555 0199' }, { 'idempotency-key': 'fix-me' });
    expect(refused.statusCode).toBe(403);
    const corrected = await post(h, { serviceId: 'billing', phone: '+4930901820' }, { 'idempotency-key': 'fix-me' });
    expect(corrected.statusCode).toBe(201);
  });
});
