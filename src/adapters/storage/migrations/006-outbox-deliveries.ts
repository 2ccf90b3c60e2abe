import type { Migration } from './migration.js';

export const m006: Migration = {
  id: '006_outbox_deliveries',
  sqlite: `
CREATE TABLE outbox_cursor (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
) WITHOUT ROWID;
-- An existing database starts the notifier after its history: no flood of old events on upgrade.
INSERT INTO outbox_cursor (name, seq) SELECT 'notifier', COALESCE(MAX(seq), 0) FROM events;
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  callback_id TEXT,
  service_id TEXT,
  target TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE state = 'PENDING';
CREATE INDEX deliveries_order ON deliveries (target, callback_id, event_seq) WHERE state = 'PENDING';
CREATE INDEX deliveries_callback ON deliveries (callback_id, event_seq);
CREATE TABLE captcha_spent (
  signature TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`,
  postgres: `
CREATE TABLE outbox_cursor (
  name TEXT PRIMARY KEY,
  seq BIGINT NOT NULL
);
-- An existing database starts the notifier after its history: no flood of old events on upgrade.
INSERT INTO outbox_cursor (name, seq) SELECT 'notifier', COALESCE(MAX(seq), 0) FROM events;
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  event_seq BIGINT NOT NULL,
  callback_id TEXT,
  service_id TEXT,
  target TEXT COLLATE "C" NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE state = 'PENDING';
CREATE INDEX deliveries_order ON deliveries (target, callback_id, event_seq) WHERE state = 'PENDING';
CREATE INDEX deliveries_callback ON deliveries (callback_id, event_seq);
CREATE TABLE captcha_spent (
  signature TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
`,
};
