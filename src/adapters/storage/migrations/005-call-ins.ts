import type { Migration } from './migration.js';

export const m005: Migration = {
  id: '005_call_ins',
  // Access codes are unique among the LIVE ones only (a partial unique index), so a used or
  // expired code frees its digits; USED/EXPIRED rows stay as the record of what happened.
  sqlite: `
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
  postgres: `
CREATE TABLE call_ins (
  id TEXT PRIMARY KEY,
  service_id TEXT NOT NULL,
  subject_id TEXT,
  callback_id TEXT,
  origin TEXT NOT NULL,
  phone TEXT,
  access_code TEXT NOT NULL,
  state TEXT NOT NULL,
  queued_since BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  context TEXT,
  created_at BIGINT NOT NULL,
  used_at BIGINT,
  used_by TEXT
);
CREATE UNIQUE INDEX call_ins_live_code ON call_ins (access_code) WHERE state = 'LIVE';
CREATE INDEX call_ins_live_phone ON call_ins (phone, expires_at) WHERE state = 'LIVE';
CREATE INDEX call_ins_live_expiry ON call_ins (expires_at) WHERE state = 'LIVE';
CREATE INDEX call_ins_code ON call_ins (access_code, created_at);
CREATE INDEX call_ins_callback ON call_ins (callback_id) WHERE callback_id IS NOT NULL;

CREATE TABLE callback_push (
  callback_id TEXT PRIMARY KEY REFERENCES callbacks(id),
  target TEXT NOT NULL,
  snoozes INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
`,
};
