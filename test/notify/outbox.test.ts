import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { deliveriesFor, OUTBOX_CURSOR, scanOutbox } from '../../src/app/notify/outbox.js';
import BetterSqlite3 from 'better-sqlite3';
import { runMigrations, type Db } from '../../src/adapters/sqlite/database.js';
import { migrations } from '../../src/adapters/sqlite/migrations.js';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { tempDir } from '../../src/testing/test-config.js';
import { createCallback, notifyHarness, tick } from './harness.js';

describe('outbox scan', () => {
  it('an existing database starts the notifier after its history (no flood of old webhooks on upgrade)', async () => {
    const path = join(tempDir(), 'old.db');
    // A database of the version before the notifier, with some history.
    const sqlite = new BetterSqlite3(path);
    runMigrations({ sqlite } as Db, migrations.filter((m) => !m.id.endsWith('_outbox_deliveries')));
    for (let i = 0; i < 3; i++) sqlite.prepare("INSERT INTO events (at, type, callback_id) VALUES (?, 'CALLBACK_CREATED', ?)").run(i, `cb-${i}`);
    sqlite.close();
    const store = createSqliteStore(path, { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    expect(await store.read(async (tx) => await tx.outbox.cursor(OUTBOX_CURSOR))).toBe(3);
    await store.close();
  });

  it('one push per PUSH_REQUESTED, one webhook per matching target, with deterministic ids and no customer secrets in webhook bodies', () => {
    const target = { channel: 'webpush', subscription: { endpoint: 'https://push.example/x', keys: { p256dh: 'P', auth: 'A' } } };
    const push = deliveriesFor({ seq: 7, at: 0, type: 'PUSH_REQUESTED', callbackId: 'c', serviceId: 'billing', data: { kind: 'callback-ready', target, payload: {} } }, [], 5);
    expect(push.map((d) => [d.id, d.kind, d.target])).toEqual([['push-7', 'push', 'webpush']]);
    const subs = [{ id: 'crm', services: [], events: [] }, { id: 'bi', services: ['sales'], events: [] }, { id: 'ops', services: [], events: ['callback.failed'] }];
    const state = deliveriesFor({ seq: 8, at: 0, type: 'CALLBACK_STATE', callbackId: 'c', serviceId: 'billing', fromState: 'QUEUED', toState: 'PUSHED', data: { target, accessCode: '1234', reason: 'READY' } }, subs, 5);
    expect(state.map((d) => d.id)).toEqual(['evt-8-crm']);
    const body = JSON.parse(state[0]!.payload) as { type: string; data: Record<string, unknown> };
    expect(body).toMatchObject({ type: 'callback.pushed', data: { fromState: 'QUEUED', state: 'PUSHED', reason: 'READY' } });
    expect(body.data).not.toHaveProperty('target');
    expect(body.data).not.toHaveProperty('accessCode');
  });

  it('housekeeping drops finished deliveries after a week and spent CAPTCHAs after they expire, keeping pending ones', async () => {
    const h = await notifyHarness({ webhooks: [{ id: 'crm', url: 'http://127.0.0.1:1/down', secret: 'a-secret-that-is-long-enough', services: [], events: [] }], maxAttempts: 1 });
    const store = h.app.parts.store;
    const a = await createCallback(h, '+4930901871');
    await tick(h); // the only try fails: FAILED
    await store.write(async (tx) => await tx.captchas.spend('sig-1', h.clock.now() + 60_000));
    const b = await createCallback(h, '+4930901872');
    await scanOutbox(h.app.parts.ctx, { subscriptions: [{ id: 'crm', services: [], events: [] }], batch: 100 });
    // b's message waits (a retry far ahead): pending rows are never purged, however old.
    await store.write(async (tx) => await tx.outbox.update({ ...(await tx.outbox.forCallback(b))[0]!, nextAt: h.clock.now() + 10 * 86_400_000 }));
    h.clock.advance(8 * 86_400_000);
    await tick(h);
    expect(await store.read(async (tx) => await tx.outbox.forCallback(a))).toEqual([]);
    expect(await store.read(async (tx) => (await tx.events.forCallback(a)).map((e) => e.type))).toContain('WEBHOOK_FAILED');
    expect(await store.read(async (tx) => (await tx.outbox.forCallback(b)).map((d) => d.state))).toEqual(['PENDING']);
    expect(await store.write(async (tx) => await tx.captchas.spend('sig-1', h.clock.now() + 60_000))).toBe(true); // purged, so new again
    await h.app.stop();
  });
});
