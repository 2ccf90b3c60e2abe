/**
 * The two Store adapters behind one face, for the contract tests: open(name) gives a store over
 * the database `name` (a second open of the same name is a second "node" over the same data),
 * raw() runs SQL past the port (to show what the database itself refuses), commits() counts
 * the transactions a store's group commit made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../src/app/ports/store.js';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { createPostgresStore, type PostgresStore } from '../../src/adapters/postgres/postgres-store.js';
import { testPostgres } from './pg-server.js';

export interface Harness {
  readonly name: 'sqlite' | 'postgres';
  readonly skip?: string;
  open(db: string): Promise<Store>;
  commits(store: Store): number;
  raw(db: string, sql: string): Promise<void>;
  /**
   * Distinct transactions that committed these callbacks, as the database itself records them
   * (PostgreSQL with track_commit_timestamp: the commit time of each row's xmin — a savepoint's
   * subtransaction shares its parent's). Undefined when the server does not record it.
   */
  committingTransactions?(db: string, ids: string[]): Promise<number | undefined>;
  cleanup(): Promise<void>;
}

export function sqliteHarness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'holdless-store-'));
  const stores: SqliteStore[] = [];
  return {
    name: 'sqlite',
    open: async (db) => {
      const s = await createSqliteStore(join(dir, `${db}.db`), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
      stores.push(s);
      return s;
    },
    commits: (s) => (s as SqliteStore).committer.stats.batches,
    raw: async (db, sql) => {
      const s = stores.find((x) => x.db.sqlite.name === join(dir, `${db}.db`))!;
      s.db.sqlite.exec(sql);
    },
    cleanup: async () => {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresHarness(): Promise<Harness> {
  const found = await testPostgres();
  if (!found.ok) return { name: 'postgres', skip: found.reason, open: () => Promise.reject(new Error(found.reason)), commits: () => 0, raw: async () => {}, cleanup: async () => {} };
  const server = found.server;
  const dbs = new Map<string, { url: string; drop(): Promise<void> }>();
  const stores: PostgresStore[] = [];
  const urlOf = async (db: string) => {
    let d = dbs.get(db);
    if (!d) dbs.set(db, (d = await server.createDatabase()));
    return d.url;
  };
  const withClient = async <T>(db: string, f: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: await urlOf(db) });
    await c.connect();
    try { return await f(c); } finally { await c.end(); }
  };
  return {
    name: 'postgres',
    open: async (db) => {
      const s = await createPostgresStore(await urlOf(db), { poolSize: 4, groupCommitMaxDelayMs: 0 });
      stores.push(s);
      return s;
    },
    commits: (s) => (s as PostgresStore).committer.stats.commits,
    raw: (db, sql) => withClient(db, async (c) => { await c.query(sql); }),
    committingTransactions: (db, ids) => withClient(db, async (c) => {
      if ((await c.query('SHOW track_commit_timestamp')).rows[0].track_commit_timestamp !== 'on') return undefined;
      const r = await c.query('SELECT count(DISTINCT pg_xact_commit_timestamp(xmin)) AS n FROM callbacks WHERE id = ANY($1)', [ids]);
      return Number(r.rows[0].n);
    }),
    cleanup: async () => {
      for (const s of stores) await s.close();
      for (const d of dbs.values()) await d.drop();
      await server.close();
    },
  };
}
