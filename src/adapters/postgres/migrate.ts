/**
 * Applies the shared schema history (src/adapters/storage/migrations) to PostgreSQL. Several nodes
 * may start together over one database: each migration runs in its own transaction that first
 * takes the migrations advisory lock, then looks whether the id is recorded — so exactly one node
 * applies it, the others wait and then skip it. DDL is transactional in PostgreSQL: an interrupted
 * migration leaves no trace.
 */
import type { Migration } from '../storage/migrations/index.js';
import { checkout, type Database } from './database.js';
import { LOCK } from './conn.js';

export async function migrate(db: Database, list: readonly Migration[]): Promise<string[]> {
  const client = await checkout(db.pool);
  const applied: string[] = [];
  let failed: Error | undefined;
  try {
    for (const m of list) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK.migrations]);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
        if (done.rowCount === 0) {
          await client.query(m.postgres); // simple query protocol: a multi-statement body runs as sent
          await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [m.id, Date.now()]);
          applied.push(m.id);
        }
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    }
  } catch (e) {
    failed = e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    client.release(failed);
  }
  return applied;
}
