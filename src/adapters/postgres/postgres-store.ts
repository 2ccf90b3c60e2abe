/**
 * The Store port on PostgreSQL (several holdless nodes may share the database).
 * write(): group commit (group-commit.ts). read(): a pool client in a REPEATABLE READ READ ONLY
 * transaction — committed state only, and one snapshot for all queries of the read.
 * An unreachable server makes every call reject with HoldlessError STORAGE_UNAVAILABLE and
 * healthy() answer false; pg-pool drops broken clients and connects anew, so the store recovers by
 * itself when the server is back.
 */
import type pg from 'pg';
import { sql } from 'kysely';
import type { Store, Tx } from '../../app/ports/store.js';
import { migrations } from '../storage/migrations/index.js';
import { checkout, defaultPostgresOptions, openDatabase, type Database, type PostgresOptions } from './database.js';
import { clientConn } from './conn.js';
import { forCaller, isUnavailable, unavailable } from './errors.js';
import { PgGroupCommitter } from './group-commit.js';
import { migrate } from './migrate.js';
import { txOver } from './tx.js';

export interface PostgresStore extends Store {
  readonly db: Database;
  readonly committer: PgGroupCommitter;
}

export type { PostgresOptions } from './database.js';

export async function createPostgresStore(
  url: string, options: Partial<PostgresOptions> = {}, onIdleError: (e: Error) => void = () => {},
): Promise<PostgresStore> {
  const opts = { ...defaultPostgresOptions, ...options };
  const db = openDatabase(url, opts, onIdleError);
  try {
    await migrate(db, migrations);
  } catch (e) {
    await db.q.destroy();
    throw forCaller(e);
  }
  const committer = new PgGroupCommitter(db, opts.groupCommitMaxDelayMs, opts.maxBatch);
  let closed = false;
  const refuseWhenClosed = () => {
    if (closed) throw unavailable(new Error('the store is closed'));
  };
  return {
    driver: 'postgres',
    db,
    committer,
    write: async (work) => {
      refuseWhenClosed();
      return committer.submit(work);
    },
    read: async (work) => {
      refuseWhenClosed();
      return readSnapshot(db, work);
    },
    healthy: async () => {
      if (closed) return false;
      try {
        await sql`SELECT 1`.execute(db.q);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await committer.drain();
      await db.q.destroy();
    },
  };
}

async function readSnapshot<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await checkout(db.pool);
  } catch (e) {
    throw unavailable(e);
  }
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const value = await work(txOver(clientConn(client, db.q, undefined)));
    await client.query('COMMIT');
    return value;
  } catch (e) {
    if (isUnavailable(e)) broken = e instanceof Error ? e : new Error(String(e));
    else await client.query('ROLLBACK').catch((r: unknown) => { broken = r instanceof Error ? r : new Error(String(r)); });
    throw forCaller(e);
  } finally {
    client.release(broken);
  }
}
