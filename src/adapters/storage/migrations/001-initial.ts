import type { Migration } from './migration.js';

export const m001: Migration = {
  id: '001_initial',
  sqlite: `
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
  postgres: `
-- Text keys that are ordered or compared (ids for keyset paging and tie-breaks) use COLLATE "C":
-- byte order, as SQLite compares them, whatever the database's locale.
CREATE TABLE callbacks (
  id TEXT COLLATE "C" PRIMARY KEY,
  service_id TEXT NOT NULL,
  subject_id TEXT,
  phone TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  channel TEXT NOT NULL,
  queued_since BIGINT NOT NULL,
  priority INTEGER NOT NULL,
  slot_start BIGINT,
  desired_time BIGINT,
  due_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  agent_id TEXT,
  first_name TEXT, last_name TEXT, customer_id TEXT, language TEXT, notes TEXT, context TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX callbacks_due ON callbacks (state, due_at);
CREATE INDEX callbacks_service_state ON callbacks (service_id, state, queued_since);
CREATE INDEX callbacks_phone ON callbacks (phone, service_id, created_at);
CREATE INDEX callbacks_created ON callbacks (created_at);

CREATE TABLE attempts (
  callback_id TEXT NOT NULL REFERENCES callbacks(id),
  number INTEGER NOT NULL,
  call_id TEXT NOT NULL UNIQUE,
  agent_id TEXT,
  claimed_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL,
  ended_at BIGINT,
  outcome TEXT,
  sip_code INTEGER,
  detail TEXT,
  PRIMARY KEY (callback_id, number)
);
CREATE INDEX attempts_open_lease ON attempts (lease_until) WHERE ended_at IS NULL;

CREATE TABLE events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
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
-- The event log is append-only (DESIGN.md invariant 5), enforced by the database itself:
-- UPDATE and DELETE are refused row by row, TRUNCATE (which fires no row trigger) by statement.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER events_append_only_update BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  callback_id TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);

CREATE TABLE slot_bookings (
  service_id TEXT NOT NULL,
  slot_start BIGINT NOT NULL,
  booked INTEGER NOT NULL,
  PRIMARY KEY (service_id, slot_start)
);

CREATE TABLE agents (
  id TEXT COLLATE "C" PRIMARY KEY,
  state TEXT NOT NULL,
  reason TEXT,
  since BIGINT NOT NULL,
  callback_id TEXT,
  updated_at BIGINT NOT NULL
);
`,
};
