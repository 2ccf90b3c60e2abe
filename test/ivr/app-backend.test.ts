import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppIvrBackend } from '../../src/app/ivr/app-backend.js';
import type { IvrBackend } from '../../src/app/ivr/ivr-backend.js';
import type { CallControl } from '../../src/app/ports/call-control.js';
import { harness, type Harness } from '../api/harness.js';

let h: Harness;
let backend: IvrBackend;
const noTelephony = {} as CallControl;

beforeEach(async () => {
  h = await harness({}, { queue: { ewtForNew: () => 420, ewtFor: () => 420, callbackChanged: () => undefined } });
  backend = createAppIvrBackend({
    ctx: h.app.parts.ctx, logger: { info: () => undefined, warn: () => undefined }, telephony: noTelephony,
    enqueueLiveCall: () => { throw new Error('not in this test'); },
  });
});
afterEach(async () => { await h.app.stop(); });

describe('the IVR backend over the real use cases', () => {
  it('reports hours, holidays and the EWT with the service thresholds', () => {
    expect(backend.serviceStatus('billing', h.clock.now())).toEqual({
      open: true, holiday: false, ewtSeconds: 420, offer: { autoTransferBelowSeconds: 120, upperPlaybackSeconds: 1800 },
    });
    expect(backend.serviceStatus('billing', Date.parse('2026-12-08T10:00:00Z'))).toMatchObject({ open: false, holiday: true, ewtSeconds: null });
  });

  it('reads out the next free slots as day and local time', async () => {
    h.clock.set('2026-11-23T16:20:00Z'); // Monday 17:20 Berlin: one slot left today (17:30)
    const slots = await backend.nextSlots('sales', h.clock.now(), 3);
    expect(slots.map((s) => [s.day, s.localTime])).toEqual([['tomorrow', '08:00'], ['tomorrow', '09:00'], ['tomorrow', '10:00']]);
    const billing = await backend.nextSlots('billing', h.clock.now(), 2);
    expect(billing.map((s) => [s.day, s.localTime])).toEqual([['today', '17:30'], ['tomorrow', '08:00']]);
  });

  it('finds the free slots closest to a time the caller types', async () => {
    const closest = await backend.closestSlots('sales', h.clock.now(), '14:20', 2);
    expect(closest.map((s) => [s.day, s.localTime])).toEqual([['today', '14:00'], ['today', '15:00']]);
    const passed = await backend.closestSlots('sales', h.clock.now(), '08:00', 1);
    expect(passed.map((s) => [s.day, s.localTime])).toEqual([['tomorrow', '08:00']]);
  });

  it('registers callbacks through the same use case as the API, keeping the place in line', async () => {
    const queuedSince = h.clock.now() - 120_000;
    const ok = await backend.requestCallback({ serviceId: 'billing', phone: '+4930901820', channel: 'ivr', language: 'de', queuedSince, ani: '+4930901820' });
    expect(ok.ok).toBe(true);
    const stored = await h.app.parts.store.read(async (tx) => await tx.callbacks.get(ok.ok ? ok.id : ''));
    expect(stored).toMatchObject({ channel: 'ivr', queuedSince, language: 'de', context: { ani: '+4930901820' } });
    const dup = await backend.requestCallback({ serviceId: 'billing', phone: '+4930901820', channel: 'ivr', language: 'de', queuedSince, ani: '' });
    expect(dup).toEqual({ ok: false, code: 'CALLBACK_ALREADY_OPEN', message: expect.any(String) });
  });

  it('checks typed numbers with the service default country', () => {
    expect(backend.checkNumber('030901820', 'billing')).toEqual({ ok: true, e164: '+4930901820' });
    expect(backend.checkNumber('0900123456', 'billing')).toMatchObject({ ok: false });
  });
});
