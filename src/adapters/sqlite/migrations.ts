/**
 * Static, ordered migrations. Each runs in its own transaction with its bookkeeping row, so an
 * interrupted migration leaves no trace and runs again cleanly on the next start.
 * Never edit a shipped migration: append a new one.
 */
export interface Migration { id: string; sql: string }

export const migrations: Migration[] = [
  {
    id: '001_initial',
    sql: `
CREATE TABLE callbacks (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  subject_id TEXT,
  phone TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  channel TEXT NOT NULL,
  queued_since INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  slot_start INTEGER,
  desired_time INTEGER,
  due_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  agent_id TEXT,
  first_name TEXT, last_name TEXT, customer_id TEXT, language TEXT, notes TEXT, context TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX callbacks_due ON callbacks (state, due_at);
CREATE INDEX callbacks_service_state ON callbacks (service_id, state, queued_since);
CREATE INDEX callbacks_phone ON callbacks (phone, service_id, created_at);
CREATE INDEX callbacks_created ON callbacks (created_at);

CREATE TABLE attempts (
  callback_id TEXT NOT NULL REFERENCES callbacks(id),
  number INTEGER NOT NULL,
  call_id TEXT NOT NULL UNIQUE,
  agent_id TEXT,
  claimed_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL,
  ended_at INTEGER,
  outcome TEXT,
  sip_code INTEGER,
  detail TEXT,
  PRIMARY KEY (callback_id, number)
) WITHOUT ROWID;
CREATE INDEX attempts_open_lease ON attempts (lease_until) WHERE ended_at IS NULL;

CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  callback_id TEXT,
  service_id TEXT,
  agent_id TEXT,
  from_state TEXT,
  to_state TEXT,
  data TEXT
);
CREATE INDEX events_callback ON events (callback_id, seq);
CREATE INDEX events_at ON events (at);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  callback_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;

CREATE TABLE slot_bookings (
  service_id TEXT NOT NULL,
  slot_start INTEGER NOT NULL,
  booked INTEGER NOT NULL,
  PRIMARY KEY (service_id, slot_start)
) WITHOUT ROWID;

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  reason TEXT,
  since INTEGER NOT NULL,
  callback_id TEXT,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    id: '002_queue_engine',
    sql: `
ALTER TABLE agents ADD COLUMN detail TEXT;
CREATE INDEX callbacks_expiry ON callbacks (state, expires_at);
CREATE INDEX events_type_at ON events (type, at);
`,
  },
  {
    id: '003_settings',
    sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    id: '004_phone_bindings',
    sql: `
CREATE TABLE phone_bindings (
  agent_id TEXT NOT NULL,
  contact TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  call_id TEXT NOT NULL,
  cseq INTEGER NOT NULL,
  source TEXT NOT NULL,
  user_agent TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (agent_id, contact)
) WITHOUT ROWID;
CREATE INDEX phone_bindings_expiry ON phone_bindings (expires_at);
`,
  },
  {
    id: '005_call_ins',
    // Access codes are unique among the LIVE ones only (a partial unique index), so a used or
    // expired code frees its digits; USED/EXPIRED rows stay as the record of what happened.
    sql: `
CREATE TABLE call_ins (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  subject_id TEXT,
  callback_id TEXT,
  origin TEXT NOT NULL,
  phone TEXT,
  access_code TEXT NOT NULL,
  state TEXT NOT NULL,
  queued_since INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  context TEXT,
  created_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by TEXT
) WITHOUT ROWID;
CREATE UNIQUE INDEX call_ins_live_code ON call_ins (access_code) WHERE state = 'LIVE';
CREATE INDEX call_ins_live_phone ON call_ins (phone, expires_at) WHERE state = 'LIVE';
CREATE INDEX call_ins_live_expiry ON call_ins (expires_at) WHERE state = 'LIVE';
CREATE INDEX call_ins_code ON call_ins (access_code, created_at);
CREATE INDEX call_ins_callback ON call_ins (callback_id) WHERE callback_id IS NOT NULL;

CREATE TABLE callback_push (
  callback_id TEXT PRIMARY KEY REFERENCES callbacks(id),
  target TEXT NOT NULL,
  snoozes INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    id: '006_outbox_deliveries',
    sql: `
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
  },
];
