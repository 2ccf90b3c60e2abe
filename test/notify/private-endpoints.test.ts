/**
 * Push endpoints are checked by the address they RESOLVE to when sent, not only by their spelling
 * at intake: a public-looking name that resolves to 127.0.0.1 (or 10.x, CGNAT, ULA, link-local)
 * is a final PUSH_SEND_ERROR with the reason, sent nowhere and not retried, unless
 * push.allowPrivateEndpoints allows it. Names resolve through an injected resolver (no real DNS).
 */
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { createEndpointGuard, type ResolveAll } from '../../src/adapters/notify/endpoint-guard.js';
import { createNotifier } from '../../src/adapters/notify/notifier.js';
import { PUSH_EVENTS } from '../../src/domain/push.js';
import type { NotifyConfig } from '../../src/adapters/config/types.js';
import { harness as apiHarness } from '../api/harness.js';
import { createCallback, eventsOf, promisePush, tick } from './harness.js';
import { startPushService, type LocalPushService } from './push-service.js';
import { selfSignedCert, type TestCert } from './tls.js';

let cert: TestCert;
let service: LocalPushService;
const vapid = webpush.generateVAPIDKeys();

const DNS: Record<string, string[]> = {
  'push.example.test': ['127.0.0.1'],
  'ten.example.test': ['10.1.2.3'],
  'cgnat.example.test': ['100.64.7.7'],
  'ula.example.test': ['fd12:3456::1'],
  'linklocal.example.test': ['fe80::1'],
  'mixed.example.test': ['93.184.215.14', '192.168.1.5'],
  'public.example.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
};
const resolveAll: ResolveAll = (host, cb) => {
  const list = DNS[host];
  if (!list) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
  cb(null, list.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));
};

beforeAll(async () => {
  cert = selfSignedCert();
  service = await startPushService(cert);
});
afterAll(async () => service.close());

async function appWith(allowPrivateEndpoints: boolean) {
  const notify: NotifyConfig = {
    pollMs: 50, timeoutMs: 1500, maxAttempts: 4, initialDelaySeconds: 10, maxDelaySeconds: 300, webhooks: [], caFile: cert.certFile,
    webpush: { subject: 'mailto:ops@test-energy.example', publicKey: vapid.publicKey, privateKey: vapid.privateKey, ttlSeconds: 60 },
  } as NotifyConfig;
  const notifier = createNotifier(notify, { allowPrivateEndpoints, resolveAll });
  return apiHarness({ notify, push: { allowHttp: false, allowPrivateEndpoints } }, { notify: { autoPoll: false, notifier } });
}

describe('send-time check of the resolved push endpoint', () => {
  it('a name resolving to 127.0.0.1 is a final PUSH_SEND_ERROR with the reason, after one try, sent nowhere', async () => {
    const h = await appWith(false);
    const id = await createCallback(h);
    const sub = service.subscribe();
    const port = new URL(service.origin).port;
    await promisePush(h, id, { channel: 'webpush', subscription: { ...sub, endpoint: `https://push.example.test:${port}/push/${sub.id}` } });
    await tick(h);
    const [failed] = eventsOf(h, id, PUSH_EVENTS.failed);
    expect(failed?.data).toMatchObject({ dialResult: 'PUSH_SEND_ERROR', tries: 1 });
    expect(String(failed?.data?.error)).toMatch(/push\.example\.test.*127\.0\.0\.1.*allowPrivateEndpoints/);
    h.clock.advance(3_600_000);
    await tick(h); // final: no retry later
    const delivery = await h.app.parts.store.read(async (tx) => (await tx.outbox.forCallback(id)).find((d) => d.kind === 'push')!);
    expect(delivery.tries).toBe(1);
    expect(service.received.some((r) => r.subscriptionId === sub.id)).toBe(false);
    await h.app.stop();
  });

  it.each([
    ['ten.example.test', '10.1.2.3'], ['cgnat.example.test', '100.64.7.7'], ['ula.example.test', 'fd12:3456::1'],
    ['linklocal.example.test', 'fe80::1'], ['mixed.example.test', '192.168.1.5'], ['127.0.0.1', '127.0.0.1'], ['[::1]', '::1'],
  ])('refuses %s (%s)', async (host, address) => {
    const r = await createEndpointGuard({ allowPrivateEndpoints: false, resolveAll }).check(`https://${host}/push/1`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(address);
  });

  it('passes a name whose every address is public, and anything when push.allowPrivateEndpoints is on', async () => {
    expect(await createEndpointGuard({ allowPrivateEndpoints: false, resolveAll }).check('https://public.example.test/push/1')).toEqual({ ok: true });
    expect(await createEndpointGuard({ allowPrivateEndpoints: true, resolveAll }).check('https://push.example.test/push/1')).toEqual({ ok: true });
  });

  it('the connection resolves through the same check (a name that changes after the check is still refused)', async () => {
    const port = new URL(service.origin).port;
    const get = (allow: boolean) => new Promise<number | string>((resolve) => {
      const agent = createEndpointGuard({ allowPrivateEndpoints: allow, resolveAll, ca: cert.cert }).agent;
      // The cert names 127.0.0.1: the name here only resolves through our resolver, the TLS name is the IP.
      const req = https.get({ host: 'push.example.test', port, path: '/nowhere', agent, servername: '127.0.0.1', checkServerIdentity: () => undefined }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (e) => resolve(e.message));
    });
    expect(await get(false)).toMatch(/resolves to a private.*127\.0\.0\.1/);
    expect(typeof await get(true)).toBe('number'); // allowed: connected to the local service by our resolver
  });
});
