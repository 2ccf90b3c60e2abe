/**
 * What a repository runs its queries on: one pg client, inside a read snapshot or a write batch.
 * In a write batch it also takes the advisory locks that make capacity checks hold across nodes,
 * and holds back event appends until the end of the batch (events.ts explains why).
 */
import type pg from 'pg';
import type { Compilable, Kysely } from 'kysely';
import type { Tables } from '../storage/tables.js';
import type { EventBuffer } from './events.js';

/**
 * Advisory lock classes (first key of pg_advisory_xact_lock(int, int)); the second key is
 * hashtext() of the locked value, computed by the server so every node derives the same key. A
 * hash collision only makes two unrelated values wait for each other, it never lets a race through.
 */
export const LOCK = { migrations: 0x486c_0001, openPerPhone: 0x486c_0002, slot: 0x486c_0003, eventOrder: 0x486c_0004 } as const;
export type LockClass = (typeof LOCK)[keyof typeof LOCK];

export interface Conn {
  readonly q: Kysely<Tables>;
  all<R>(query: Compilable<R>): Promise<R[]>;
  first<R>(query: Compilable<R>): Promise<R | undefined>;
  /** Runs a write; returns the number of changed rows. */
  run(query: Compilable<unknown>): Promise<number>;
  /**
   * Write batches: holds an advisory lock on (class, value) until COMMIT, so a check-then-insert
   * of another node on the same value waits for this transaction and then sees its rows (READ
   * COMMITTED takes a new snapshot per statement). Reads take no locks: a no-op.
   */
  lock(lockClass: LockClass, value: string): Promise<void>;
  /** Present in write batches only. */
  readonly events: EventBuffer | undefined;
}

/** Separates the parts of a lock value (never part of a service id, phone or instant). */
export const KEY_SEPARATOR = '\u001f';

export function clientConn(client: pg.PoolClient, q: Kysely<Tables>, events: EventBuffer | undefined): Conn {
  const exec = async (query: Compilable<unknown>) => {
    const c = query.compile();
    return client.query(c.sql, c.parameters as unknown[]);
  };
  return {
    q,
    all: async <R>(query: Compilable<R>) => (await exec(query)).rows as R[],
    first: async <R>(query: Compilable<R>) => (await exec(query)).rows[0] as R | undefined,
    run: async (query) => (await exec(query)).rowCount ?? 0,
    lock: async (lockClass, value) => {
      if (!events) return;
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockClass, value]);
    },
    events,
  };
}
