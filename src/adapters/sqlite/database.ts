/**
 * One SQLite file in WAL mode. kysely builds typed queries; better-sqlite3 runs them synchronously,
 * so a transaction never awaits (DESIGN.md "Transactions are synchronous").
 */
import { BACKSTOP_PAGES, walCheckpointer } from './checkpointer.js';
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
  /** Compiled-once queries of prepared(), by key. */
  readonly prepared: Map<string, PreparedPlan>;
  /**
   * In-memory databases only: bumped on every write to the callbacks table and on every rollback.
   * Such a database has one connection in one process, so an unchanged version proves the table
   * unchanged and the due/expiry polls may answer from their last look (callback-repo.ts duePoll).
   */
  readonly callbacksVersion?: { n: number };
  /** Stops the worker thread's checkpoints of this file (checkpointer.ts). */
  detachCheckpointer?: () => void;
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
  // Every write of a group commit runs in a SAVEPOINT, and SQLite copies each page a savepoint
  // first touches into a statement sub-journal: a temporary FILE by default, which tripled the
  // cost of an insert (bench/api). In memory it is bounded by one batch and gone at its COMMIT.
  sqlite.pragma('temp_store = MEMORY');
  const db: Db = { sqlite, q: builder(), statements: new Map(), prepared: new Map(), callbacksVersion: path === ':memory:' ? { n: 0 } : undefined };
  runMigrations(db, migrations);
  if (path !== ':memory:' && path !== '') {
    // Checkpoints run in a worker thread (checkpointer.ts), not inside one of our COMMITs.
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    db.detachCheckpointer = walCheckpointer.attach(path, options.synchronous);
  }
  return db;
}

/**
 * A second, read-only connection to the same file: in WAL mode it sees the last COMMITTED state,
 * never the group commit's batch in progress (whose works await between statements). An in-memory
 * database cannot be shared between connections: it reads on the writer (`undefined` here).
 */
export function openReader(path: string, options: OpenOptions): Db | undefined {
  if (path === ':memory:' || path === '') return undefined;
  const sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  return { sqlite, q: builder(), statements: new Map(), prepared: new Map() };
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

// ---- prepared(): compile a kysely query once per shape, run it with new parameters ----------
//
// Compiling a kysely query costs tens of µs (builder objects, freeze, visitor); the hot paths run
// the same few shapes thousands of times. build() is called ONCE with placeholder parameters: each
// `p.name` is a unique marker value, so after compile() the position of every marker in
// compiled.parameters says which argument goes where (order is read from kysely, never assumed).
// Values written as literals in build() (e.g. a constant state list) stay as compiled.

const MARKER = '\u0000holdless-param\u0000';

/** A placeholder parameter inside build(): typed as the value it stands for. */
export type Params<P> = { readonly [K in keyof P]-?: P[K] };

interface PreparedPlan {
  statement: BetterSqlite3.Statement;
  /** Per SQL parameter: the argument name, or undefined when `constants[i]` is a compiled literal. */
  names: (string | undefined)[];
  constants: unknown[];
}

export interface PreparedQuery<P, R> {
  all(args: P): R[];
  get(args: P): R | undefined;
  /** Runs a write; returns the number of changed rows. */
  run(args: P): number;
}

const markers: Params<Record<string, unknown>> = new Proxy({}, {
  get: (_t, name) => (typeof name === 'string' ? MARKER + name : undefined),
});

function plan(db: Db, key: string, build: (q: Kysely<Tables>, p: Params<never>) => Compilable<unknown>): PreparedPlan {
  let found = db.prepared.get(key);
  if (found) return found;
  const compiled = build(db.q, markers as Params<never>).compile();
  const names: (string | undefined)[] = [];
  const constants: unknown[] = [];
  for (const v of compiled.parameters) {
    const isMarker = typeof v === 'string' && v.startsWith(MARKER);
    names.push(isMarker ? v.slice(MARKER.length) : undefined);
    constants.push(isMarker ? undefined : v);
  }
  found = { statement: db.sqlite.prepare(compiled.sql), names, constants };
  db.prepared.set(key, found);
  return found;
}

function bind(p: PreparedPlan, args: Record<string, unknown>): unknown[] {
  const out = new Array<unknown>(p.names.length);
  for (let i = 0; i < out.length; i++) {
    const name = p.names[i];
    if (name === undefined) out[i] = p.constants[i];
    else {
      const v = args[name];
      if (v === undefined) throw new Error(`prepared query: no value for parameter '${name}'`);
      out[i] = v;
    }
  }
  return out;
}

/**
 * A query compiled once (lazily, on first use) under `key` and then run with new parameters.
 * build() must produce the same SQL for any parameter values: use `p.x` for every varying value
 * and no conditional parts (a different shape needs a different key). Missing arguments throw
 * (null is a value; undefined is a bug).
 */
export function prepared<P extends object, R>(
  db: Db, key: string, build: (q: Kysely<Tables>, p: Params<P>) => Compilable<R>,
): PreparedQuery<P, R> {
  const get = () => plan(db, key, build as (q: Kysely<Tables>, p: Params<never>) => Compilable<unknown>);
  return {
    all: (args) => { const p = get(); return p.statement.all(...bind(p, args as Record<string, unknown>)) as R[]; },
    get: (args) => { const p = get(); return p.statement.get(...bind(p, args as Record<string, unknown>)) as R | undefined; },
    run: (args) => { const p = get(); return p.statement.run(...bind(p, args as Record<string, unknown>)).changes; },
  };
}

/**
 * Placeholders for a whole row (insert/update values): one `p.column` per listed column. The
 * `satisfies` at the call site keeps the list complete when a column is added.
 */
export function rowParams<Row extends object, K extends keyof Row & string>(p: Params<Row>, columns: readonly K[]): Pick<Row, K> {
  const out = {} as Pick<Row, K>;
  for (const c of columns) out[c] = p[c];
  return out;
}

export function closeDatabase(db: Db): void {
  db.detachCheckpointer?.();
  if (db.sqlite.open) db.sqlite.close();
}
