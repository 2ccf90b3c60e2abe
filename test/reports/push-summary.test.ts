/**
 * Push results in the summary: the notifier's own PUSH_DELIVERED / PUSH_FAILED (src/domain/push.ts)
 * after delivering to a local push service, not events written by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { reportSettingsOf } from '../../src/adapters/config/report-settings.js';
import { callbackSummary } from '../../src/app/reports/callback-summary.js';
import { createCallback, notifyHarness, promisePush, tick } from '../notify/harness.js';
import { startPushService, type LocalPushService } from '../notify/push-service.js';
import { selfSignedCert, type TestCert } from '../notify/tls.js';

let cert: TestCert;
let service: LocalPushService;
const vapid = webpush.generateVAPIDKeys();
beforeAll(async () => { cert = selfSignedCert(); service = await startPushService(cert); });
afterAll(async () => service.close());

const settings = reportSettingsOf({ currency: 'EUR', holdCostPerMinute: 0.6, serviceLevelSeconds: 20, punctualityMinutes: 5, services: {} });

describe('push deliveries in the callback summary', () => {
  it('counts pushes requested, delivered and failed as the notifier settled them, also under channel call-in', async () => {
    const h = await notifyHarness({
      webpush: { subject: 'mailto:ops@test-energy.example', publicKey: vapid.publicKey, privateKey: vapid.privateKey, ttlSeconds: 120 }, caFile: cert.certFile,
    });
    const good = service.subscribe();
    const gone = service.subscribe([410]);
    const subs = [good, good, gone];
    for (const [i, sub] of subs.entries()) await promisePush(h, await createCallback(h, `+49309018${20 + i}`), { channel: 'webpush', subscription: sub });
    await tick(h);
    const delivered = service.received.filter((r) => r.subscriptionId === good.id).length;
    expect(delivered).toBe(2);
    const from = h.clock.now() - 3_600_000;
    const to = h.clock.now() + 3_600_000;
    const q = { from, to, interval: 'day' as const, serviceId: 'billing' };
    const total = async (channel?: string) => (await callbackSummary(h.app.parts.ctx, settings, { ...q, channel })).find((r) => r.period === 'total')!;
    const expected = { requested: subs.length, delivered, failed: subs.length - delivered };
    expect((await total()).push).toEqual(expected);
    expect((await total('call-in')).push).toEqual(expected);
    expect((await total('web')).push).toEqual({ requested: 0, delivered: 0, failed: 0 });
    await h.app.stop();
  });
});
