import type { Migration } from './migration.js';

/**
 * The dispatcher of a cluster (issue 9): one row with the fencing epoch, bumped by every node that
 * becomes dispatcher; claims check it (FOR SHARE) in their transaction. SQLite has one node: the
 * row exists for the same schema, its epoch stays 0.
 */
export const m007: Migration = {
  id: '007_cluster',
  sqlite: `
CREATE TABLE cluster_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch INTEGER NOT NULL,
  node_id TEXT,
  url TEXT,
  since INTEGER
);
INSERT INTO cluster_state (id, epoch) VALUES (1, 0);
`,
  postgres: `
CREATE TABLE cluster_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  epoch BIGINT NOT NULL,
  node_id TEXT,
  url TEXT,
  since BIGINT
);
INSERT INTO cluster_state (id, epoch) VALUES (1, 0);
`,
};
