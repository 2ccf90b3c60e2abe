import type { Migration } from './migration.js';

export const m004: Migration = {
  id: '004_phone_bindings',
  sqlite: `
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
  postgres: `
CREATE TABLE phone_bindings (
  agent_id TEXT COLLATE "C" NOT NULL,
  contact TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  call_id TEXT NOT NULL,
  cseq INTEGER NOT NULL,
  source TEXT NOT NULL,
  user_agent TEXT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (agent_id, contact)
);
CREATE INDEX phone_bindings_expiry ON phone_bindings (expires_at);
`,
};
