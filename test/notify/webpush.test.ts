import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { PUSH_EVENTS } from '../../src/domain/push.js';
import { createCallback, eventsOf, notifyHarness, promisePush, tick } from './harness.js';
import { startPushService, type LocalPushService } from './push-service.js';
import { selfSignedCert, type TestCert } from './tls.js';

let cert: TestCert;
let service: LocalPushService;
const vapid = webpush.generateVAPIDKeys();
const webpushConfig = () => ({ webpush: { subject: 'mailto:ops@test-energy.example', publicKey: vapid.publicKey, privateKey: vapid.privateKey, ttlSeconds: 120 }, caFile: cert.certFile });

beforeAll(async () => {
  cert = selfSignedCert();
  service = await startPushService(cert);
});
afterAll(async () => service.close());

describe('Web Push through a local push service that checks VAPID and decrypts', () => {
  it('delivers "callback ready": the push service verifies the VAPID JWT, the subscriber decrypts the payload', async () => {
    const h = await notifyHarness(webpushConfig());
    const id = await createCallback(h);
    const sub = service.subscribe();
    const seq = await promisePush(h, id, { channel: 'webpush', subscription: sub }, { accessCode: '4711' });
    await tick(h);

    const got = service.received.filter((r) => r.subscriptionId === sub.id);
    expect(got).toHaveLength(1);
    expect(got[0]!.message).toMatchObject({ kind: 'callback-ready', callbackId: id, title: 'Your callback is ready', data: { accessCode: '4711' }, id: `push-${seq}` });
    expect(got[0]!.claims).toMatchObject({ aud: service.origin, sub: 'mailto:ops@test-energy.example' });
    expect(got[0]!.headers).toMatchObject({ urgency: 'high', ttl: '120' });
    const [delivered] = eventsOf(h, id, PUSH_EVENTS.delivered);
    expect(delivered?.data).toMatchObject({ requestSeq: seq, dialResult: 'PUSH_DELIVERY_CONFIRMED', channel: 'webpush', tries: 1 });

    await tick(h); // delivered once: nothing is sent again
    expect(service.received.filter((r) => r.subscriptionId === sub.id)).toHaveLength(1);
    await h.app.stop();
  });

  it('the local push service is not a rubber stamp: a foreign VAPID key and an undecryptable body are refused', async () => {
    const sub = service.subscribe();
    const other = webpush.generateVAPIDKeys();
    // Signed with one key, presented with another: the JWT signature check fails.
    const headers = webpush.getVapidHeaders(service.origin, 'mailto:x@example.com', vapid.publicKey, vapid.privateKey, 'aes128gcm');
    const forged = String(headers.Authorization).replace(/k=.*/, `k=${other.publicKey}`);
    const body = Buffer.from(JSON.stringify({ hi: 1 }));
    const res = await fetchInsecure(sub.endpoint, { authorization: forged, 'content-encoding': 'aes128gcm', ttl: '60' }, body);
    expect(res).toBe(403);
    const garbage = await fetchInsecure(sub.endpoint, { authorization: String(headers.Authorization), 'content-encoding': 'aes128gcm', ttl: '60' }, Buffer.alloc(120, 7));
    expect(garbage).toBe(400);
    expect(service.received.some((r) => r.subscriptionId === sub.id)).toBe(false);
  });

  it('a gone subscription (410) is a PUSH_SEND_ERROR after one try; a 500 is retried with backoff, then PUSH_DELIVERY_NOT_CONFIRMED', async () => {
    const h = await notifyHarness({ ...webpushConfig(), maxAttempts: 3, initialDelaySeconds: 10 });
    const gone = service.subscribe([410]);
    const flaky = service.subscribe([500, 500, 500]);
    const a = await createCallback(h, '+4930901821');
    const b = await createCallback(h, '+4930901822');
    await promisePush(h, a, { channel: 'webpush', subscription: gone });
    const seqB = await promisePush(h, b, { channel: 'webpush', subscription: flaky });
    await tick(h);
    expect(eventsOf(h, a, PUSH_EVENTS.failed)[0]?.data).toMatchObject({ dialResult: 'PUSH_SEND_ERROR', tries: 1 });
    expect(eventsOf(h, b, PUSH_EVENTS.failed)).toHaveLength(0);

    await tick(h); // not due yet: the retry waits 10 s in the database
    const tries = () => h.app.parts.sqlite!.sync.outbox.forCallback(b).find((d) => d.kind === 'push')!.tries;
    expect(tries()).toBe(1);
    h.clock.advance(10_000);
    await tick(h);
    expect(tries()).toBe(2);
    h.clock.advance(10_000); // the second retry waits 20 s
    await tick(h);
    expect(tries()).toBe(2);
    h.clock.advance(10_000);
    await tick(h);
    expect(eventsOf(h, b, PUSH_EVENTS.failed)[0]?.data).toMatchObject({ requestSeq: seqB, dialResult: 'PUSH_DELIVERY_NOT_CONFIRMED', tries: 3 });
    await h.app.stop();
  });

  it('serves the VAPID public key for pages, and says when Web Push is not configured', async () => {
    const h = await notifyHarness(webpushConfig());
    const r = await h.inject({ method: 'GET', url: '/v1/push/vapid-public-key' });
    expect(r.json()).toEqual({ publicKey: vapid.publicKey });
    await h.app.stop();
    const bare = await notifyHarness({});
    const none = await bare.inject({ method: 'GET', url: '/v1/push/vapid-public-key' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'PUSH_NOT_CONFIGURED' });
    await bare.app.stop();
  });
});

async function fetchInsecure(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const r = request(url, { method: 'POST', headers, ca: cert.cert }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    r.on('error', reject);
    r.end(body);
  });
}
