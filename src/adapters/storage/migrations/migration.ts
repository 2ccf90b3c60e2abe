/**
 * One migration of the one schema history, with a body per SQL dialect. Both adapters read the same
 * ordered list and record the same ids in schema_migrations, so a schema change is written once,
 * for both, or the type check of index.ts fails.
 *
 * The SQLite bodies are byte-identical to those shipped before PostgreSQL existed: an existing
 * database sees no change. Never edit a shipped migration: append a new one.
 * PostgreSQL bodies: the same tables, columns and (partial, unique) indexes; BIGINT for epoch-ms
 * instants, an identity column for events.seq, COLLATE "C" where SQLite's byte order of text
 * matters, and the append-only event log enforced by triggers.
 */
export interface Migration {
  id: string;
  sqlite: string;
  postgres: string;
}
