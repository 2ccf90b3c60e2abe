/**
 * The demo mobile page (/app-demo) in Chromium: manifest, service worker, VAPID key, the
 * "your callback is ready" step fed through the service worker's push handler. Headless Chromium has
 * no connection to a real push service, so the full loop (holdless → local push service → page) uses
 * a subscription of our local push service and relays its decrypted message into the worker (the
 * one hop a real push service would make); everything else is the real server and page.
 */
import type { Browser, BrowserContext, Page, Worker } from 'playwright-core';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushService, type LocalPushService } from '../notify/push-service.js';
import { selfSignedCert } from '../notify/tls.js';
import { ADMIN, apiCall, launchBrowser, startServer, type Server } from './harness.js';
import { DEFAULT_CALL_IN } from '../../src/domain/call-in.js';
import { testService } from '../../src/testing/test-config.js';
import { FakeTelephony } from '../dialer/harness.js';

const vapid = webpush.generateVAPIDKeys();
let server: Server;
let browser: Browser;
let pushService: LocalPushService;

beforeAll(async () => {
  const cert = selfSignedCert();
  pushService = await startPushService(cert);
  server = await startServer({
    // The local push service is on 127.0.0.1: call-in intake must allow a loopback endpoint here.
    push: { allowHttp: false, allowPrivateEndpoints: true },
    services: [testService({ callIn: { ...DEFAULT_CALL_IN, number: '+4930555000' } })],
    notify: {
      pollMs: 100, timeoutMs: 2000, maxAttempts: 3, initialDelaySeconds: 1, maxDelaySeconds: 10, webhooks: [], caFile: cert.certFile,
      webpush: { subject: 'mailto:ops@test-energy.example', publicKey: vapid.publicKey, privateKey: vapid.privateKey, ttlSeconds: 60 },
    },
  }, { telephony: new FakeTelephony() }); // the dialer (which pushes call-in callbacks) runs only with telephony
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.app.stop();
  await pushService?.close();
});

async function openApp(): Promise<{ context: BrowserContext; page: Page; worker: Worker }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
  await context.grantPermissions(['notifications'], { origin: server.base });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  await page.goto(`${server.base}/app-demo`);
  // The page registers its worker when it subscribes; register here to test the worker on its own.
  await page.evaluate(`navigator.serviceWorker.register('/app-demo/sw.js', { scope: '/app-demo' }).then(() => navigator.serviceWorker.ready)`);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, page, worker };
}

describe('demo mobile page /app-demo', () => {
  it('is an installable page: manifest, service worker in scope, VAPID key for subscribing', async () => {
    const manifest = await apiCall<{ start_url: string; display: string }>(server.base, 'GET', '/app-demo/manifest.webmanifest');
    expect(manifest.body).toMatchObject({ start_url: '/app-demo', display: 'standalone' });
    const { context, page, worker } = await openApp();
    expect(worker.url()).toBe(`${server.base}/app-demo/sw.js`);
    expect(await page.evaluate(`document.querySelector('link[rel=manifest]').href`)).toBe(`${server.base}/app-demo/manifest.webmanifest`);
    const key = await page.evaluate(`fetch('/v1/push/vapid-public-key').then((r) => r.json())`);
    expect(key).toEqual({ publicKey: vapid.publicKey });
    await context.close();
  });

  it('a "callback ready" push reaching the service worker shows accept / snooze / cancel in the page and a notification', async () => {
    const { context, page, worker } = await openApp();
    // What holdless sent through the local push service, decrypted there with the subscription's keys.
    const sub = pushService.subscribe();
    const id = (await apiCall<{ id: string }>(server.base, 'POST', '/v1/callbacks', { serviceId: 'billing', phone: '+4930901877' })).body.id;
    await server.app.parts.ctx.store.write(async (tx) => await tx.events.append({
      at: server.clock.now(), type: 'PUSH_REQUESTED', callbackId: id, serviceId: 'billing',
      data: { kind: 'callback-ready', target: { channel: 'webpush', subscription: sub }, payload: { callbackId: id } },
    }));
    await expect.poll(() => pushService.received.filter((r) => r.subscriptionId === sub.id).length, { timeout: 10_000 }).toBe(1);
    const message = pushService.received.find((r) => r.subscriptionId === sub.id)!.message;

    expect(await page.isVisible('#step-ready')).toBe(false);
    await worker.evaluate(`self.holdlessOnPush(${JSON.stringify(message)})`);
    await expect.poll(() => page.isVisible('#step-ready')).toBe(true);
    expect(await page.locator('#step-ready [data-action]').allTextContents()).toEqual(['Accept', 'Snooze', 'Cancel']);
    const notes = await worker.evaluate(`self.registration.getNotifications().then((n) => n.map((x) => ({ title: x.title, actions: x.actions.map((a) => a.action) })))`);
    // Chromium shows at most two notification buttons; cancel is in the page.
    expect(notes).toEqual([{ title: 'Your callback is ready', actions: ['accept', 'snooze'] }]);
    // Out of the way of the next test's queue.
    expect((await apiCall(server.base, 'POST', '/v1/callbacks/bulk-cancel', { ids: [id], reason: 'TEST_DONE' }, ADMIN)).status).toBe(200);
    await context.close();
  });

  it('end to end: subscribe, request call-in-delayed, agent ready → push through the local push service → accept → number and access code', async () => {
    const { context, page, worker } = await openApp();
    const sub = pushService.subscribe();
    // Headless Chromium cannot reach a real push service: subscribe() answers our local one's subscription.
    await page.evaluate(`PushManager.prototype.getSubscription = async () => null;
      PushManager.prototype.subscribe = async () => ({ toJSON: () => (${JSON.stringify({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys })}) });`);
    await page.fill('#phone', '+4930901878');
    await page.click('#request');
    await expect.poll(() => page.isVisible('#step-waiting')).toBe(true);
    expect((await apiCall(server.base, 'PUT', '/v1/agents/alice/state', { state: 'READY' }, ADMIN)).status).toBe(200);
    await expect.poll(() => pushService.received.filter((r) => r.subscriptionId === sub.id).length, { timeout: 15_000 }).toBe(1);
    await worker.evaluate(`self.holdlessOnPush(${JSON.stringify(pushService.received.find((r) => r.subscriptionId === sub.id)!.message)})`);
    await expect.poll(() => page.isVisible('#step-ready')).toBe(true);
    await page.click('[data-action=accept]');
    await expect.poll(() => page.isVisible('#step-call')).toBe(true);
    expect(await page.textContent('#access-code')).toMatch(/^[0-9]{4,}$/);
    expect(await page.getAttribute('#dial', 'href')).toMatch(/^tel:\+/);
    await context.close();
  });
});
