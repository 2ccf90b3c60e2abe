import type { Migration } from './migration.js';

export const m002: Migration = {
  id: '002_queue_engine',
  sqlite: `
ALTER TABLE agents ADD COLUMN detail TEXT;
CREATE INDEX callbacks_expiry ON callbacks (state, expires_at);
CREATE INDEX events_type_at ON events (type, at);
`,
  postgres: `
ALTER TABLE agents ADD COLUMN detail TEXT;
CREATE INDEX callbacks_expiry ON callbacks (state, expires_at);
CREATE INDEX events_type_at ON events (type, at);
`,
};
