import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { deliveriesFor, OUTBOX_CURSOR } from '../../src/app/notify/outbox.js';
import BetterSqlite3 from 'better-sqlite3';
import { runMigrations, type Db } from '../../src/adapters/sqlite/database.js';
import { migrations } from '../../src/adapters/sqlite/migrations.js';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { tempDir } from '../../src/testing/test-config.js';

describe('outbox scan', () => {
  it('an existing database starts the notifier after its history (no flood of old webhooks on upgrade)', () => {
    const path = join(tempDir(), 'old.db');
    // A database of the version before the notifier, with some history.
    const sqlite = new BetterSqlite3(path);
    runMigrations({ sqlite } as Db, migrations.filter((m) => !m.id.endsWith('_outbox_deliveries')));
    for (let i = 0; i < 3; i++) sqlite.prepare("INSERT INTO events (at, type, callback_id) VALUES (?, 'CALLBACK_CREATED', ?)").run(i, `cb-${i}`);
    sqlite.close();
    const store = createSqliteStore(path, { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    expect(store.read((tx) => tx.outbox.cursor(OUTBOX_CURSOR))).toBe(3);
    store.close();
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
});
