import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/build-app.js';
import { WEBHOOK_OUTCOME_EVENTS } from '../../src/domain/notify.js';
import type { Harness } from '../api/harness.js';
import { createCallback, eventsOf, notifyHarness, tick } from './harness.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'whsec_' + Buffer.from('a-signing-secret-of-32-bytes-!!!').toString('base64');
const open: { close(): Promise<void> }[] = [];
afterEach(async () => { for (const o of open.splice(0)) await o.close(); });

async function receiver(port = 0): Promise<WebhookReceiver> {
  const r = await startReceiver(SECRET, port);
  open.push(r);
  return r;
}
const hooks = (url: string, extra: Record<string, unknown> = {}) => ({ webhooks: [{ id: 'crm', url, secret: SECRET, services: [], events: [], ...extra }] });
// The requester's cancel: it shows the management token from the create answer.
const cancel = (h: Harness, id: string) =>
  h.inject({ method: 'DELETE', url: `/v1/callbacks/${id}`, headers: { 'x-management-token': h.app.parts.ctx.tokens.issue(id) } });
const types = (r: WebhookReceiver, id?: string) => r.received.filter((m) => id === undefined || m.body['callbackId'] === id).map((m) => m.body['type']);

describe('status webhooks (Standard Webhooks signatures, checked by a real local receiver)', () => {
  it('posts the lifecycle in order, signed, with a stable idempotency id per event', async () => {
    const r = await receiver();
    const h = await notifyHarness(hooks(r.url));
    const id = await createCallback(h);
    expect((await cancel(h, id)).statusCode).toBe(200);
    await tick(h);
    expect(r.log.every((l) => l.answered !== 'bad-signature')).toBe(true);
    expect(types(r, id)).toEqual(['callback.created', 'callback.cancelled']);
    const [created, cancelled] = r.received;
    expect(created!.body).toMatchObject({ callbackId: id, serviceId: 'billing', data: { state: 'QUEUED', channel: 'web' } });
    expect(cancelled!.body).toMatchObject({ data: { fromState: 'QUEUED', state: 'CANCELLED', reason: 'CUSTOMER_CANCELLED' } });
    expect(created!.id).toBe(created!.body['id']);
    expect(eventsOf(h, id, WEBHOOK_OUTCOME_EVENTS.delivered)).toHaveLength(2);
    await tick(h);
    expect(r.received).toHaveLength(2); // delivered once
    await h.app.stop();
  });

  it('a target gets only its services and events', async () => {
    const r = await receiver();
    const h = await notifyHarness(hooks(r.url, { services: ['sales'] }));
    await createCallback(h);
    await tick(h);
    expect(r.received).toHaveLength(0);
    await h.app.stop();
    const only = await notifyHarness(hooks(r.url, { events: ['callback.cancelled'] }));
    const id = await createCallback(only);
    await cancel(only, id);
    await tick(only);
    expect(types(r)).toEqual(['callback.cancelled']);
    await only.app.stop();
  });

  it('a receiver that is down is retried with backoff and gets the message once it is up', async () => {
    const gone = await receiver();
    const port = Number(new URL(gone.url).port);
    await gone.close();
    const h = await notifyHarness({ ...hooks(gone.url), initialDelaySeconds: 10 });
    const id = await createCallback(h);
    await tick(h);
    const d = () => h.app.parts.sqlite!.sync.outbox.forCallback(id)[0]!;
    expect(d()).toMatchObject({ state: 'PENDING', tries: 1 });
    expect(d().lastError).toMatch(/ECONNREFUSED/);
    const up = await receiver(port);
    await tick(h);
    expect(up.received).toHaveLength(0); // its retry is not due yet
    h.clock.advance(10_000);
    await tick(h);
    expect(types(up, id)).toEqual(['callback.created']);
    expect(d()).toMatchObject({ state: 'DELIVERED', tries: 2 });
    await h.app.stop();
  });

  it('a slow receiver (beyond the timeout) and a 500 are failed tries; the same webhook-id is sent again', async () => {
    const r = await receiver();
    r.script(['hang', 500]);
    const h = await notifyHarness({ ...hooks(r.url), timeoutMs: 300, initialDelaySeconds: 5 });
    const id = await createCallback(h);
    await tick(h);
    expect(await h.app.parts.store.read(async (tx) => (await tx.outbox.forCallback(id))[0]!.lastError)).toMatch(/timed out after 300 ms/);
    h.clock.advance(5_000);
    await tick(h);
    h.clock.advance(10_000);
    await tick(h);
    expect(r.log.map((l) => l.answered)).toEqual(['hang', 500, 204]);
    expect(new Set(r.log.map((l) => l.id)).size).toBe(1);
    expect(types(r, id)).toEqual(['callback.created']);
    await h.app.stop();
  });

  it('a failing message holds back the later ones of its callback, not those of other callbacks; after the last try it is recorded as failed', async () => {
    const r = await receiver();
    r.script([500]);
    const h = await notifyHarness({ ...hooks(r.url), initialDelaySeconds: 10, maxAttempts: 2 });
    const a = await createCallback(h, '+4930901851');
    await tick(h); // a.created → 500
    const b = await createCallback(h, '+4930901852');
    await cancel(h, a);
    await tick(h);
    expect(types(r)).toEqual(['callback.created']); // b's, while a's cancelled waits behind a's created
    expect(r.received[0]!.body['callbackId']).toBe(b);
    r.script([500]);
    h.clock.advance(10_000);
    await tick(h); // a.created fails its 2nd (last) try: recorded, and a.cancelled goes out
    expect(eventsOf(h, a, WEBHOOK_OUTCOME_EVENTS.failed)[0]?.data).toMatchObject({ tries: 2, target: 'crm' });
    expect(types(r, a)).toEqual(['callback.cancelled']);
    await h.app.stop();
  });

  it('crash safety: a message promised before a crash is delivered after a restart over the same SQLite file', async () => {
    const r = await receiver();
    r.script([500]);
    const first = await notifyHarness({ ...hooks(r.url), initialDelaySeconds: 10 });
    const sent = await createCallback(first, '+4930901861'); // scanned and tried once (500) before the crash
    await tick(first);
    const unsent = await createCallback(first, '+4930901862'); // committed, never scanned before the crash
    // The crash: nothing more runs in this process; only what was committed remains.
    await first.app.parts.notify.poller.stop();
    first.app.parts.sqlite!.db.sqlite.close();

    const second = await buildApp(first.config, { clock: first.clock, notify: { autoPoll: false } });
    await second.parts.http.ready();
    first.clock.advance(10_000);
    await second.parts.notify.poller.tickNow();
    expect(types(r, sent)).toEqual(['callback.created']);
    expect(types(r, unsent)).toEqual(['callback.created']);
    expect(r.log.filter((l) => l.answered === 500).map((l) => l.id)).toEqual([r.received.find((m) => m.body['callbackId'] === sent)!.id]);
    await second.stop();
  });
});
