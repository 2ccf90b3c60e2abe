/**
 * One SQLite file in WAL mode. kysely builds typed queries; better-sqlite3 runs them synchronously,
 * so a transaction never awaits (DESIGN.md "Transactions are synchronous").
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type Compilable, type CompiledQuery,
} from 'kysely';
import type { Tables } from './tables.js';
import { migrations, type Migration } from './migrations.js';

export interface Db {
  readonly sqlite: BetterSqlite3.Database;
  readonly q: Kysely<Tables>; // query builder only: never .execute() it
  readonly statements: Map<string, BetterSqlite3.Statement>;
}

export interface OpenOptions { synchronous: 'NORMAL' | 'FULL'; busyTimeoutMs?: number; readonly?: boolean }

const builder = (): Kysely<Tables> =>
  new Kysely<Tables>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });

export function openDatabase(path: string, options: OpenOptions): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous}`);
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma('foreign_keys = ON');
  const db: Db = { sqlite, q: builder(), statements: new Map() };
  runMigrations(db, migrations);
  return db;
}

export function runMigrations(db: Db, list: readonly Migration[]): string[] {
  db.sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const done = new Set(
    (db.sqlite.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id),
  );
  const applied: string[] = [];
  for (const m of list) {
    if (done.has(m.id)) continue;
    db.sqlite.transaction(() => {
      db.sqlite.exec(m.sql);
      db.sqlite.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, Date.now());
    }).immediate();
    applied.push(m.id);
  }
  return applied;
}

function statement(db: Db, compiled: CompiledQuery): BetterSqlite3.Statement {
  let st = db.statements.get(compiled.sql);
  if (!st) {
    st = db.sqlite.prepare(compiled.sql);
    db.statements.set(compiled.sql, st);
  }
  return st;
}

/** Runs a SELECT (or RETURNING) query and returns all rows. */
export function all<R>(db: Db, query: Compilable<R>): R[] {
  const compiled = query.compile();
  return statement(db, compiled).all(...(compiled.parameters as unknown[])) as R[];
}

export function first<R>(db: Db, query: Compilable<R>): R | undefined {
  const compiled = query.compile();
  return statement(db, compiled).get(...(compiled.parameters as unknown[])) as R | undefined;
}

/** Runs a write; returns the number of changed rows (conditional updates check it). */
export function run(db: Db, query: Compilable<unknown>): number {
  const compiled = query.compile();
  return statement(db, compiled).run(...(compiled.parameters as unknown[])).changes;
}

export function closeDatabase(db: Db): void {
  if (db.sqlite.open) db.sqlite.close();
}
