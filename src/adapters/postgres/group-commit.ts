/**
 * PostgreSQL group commit. Writes that arrive together (the same event-loop turn, or within
 * groupCommitMaxDelayMs) run on ONE pool client in ONE transaction, each inside its own SAVEPOINT
 * (a failing work rolls back alone), and every caller is answered only after COMMIT returned —
 * with synchronous_commit on, after the WAL is flushed. One batch runs at a time per node, works
 * one after another: within a node, check-then-write is race-free; across nodes the advisory locks
 * of conn.ts make it so. While a batch runs, new writes queue up and form the next batch.
 *
 * Isolation is READ COMMITTED on purpose: each statement takes a fresh snapshot, so a count that
 * ran after waiting for another node's lock sees what that node committed.
 * A work that loses a deadlock or serialization check (40P01/40001), or a batch whose COMMIT or
 * final event insert fails, is run again alone in its own transaction (a few times at most).
 * An unreachable database fails the whole batch with STORAGE_UNAVAILABLE; nothing is answered as
 * done unless its COMMIT returned.
 */
import type pg from 'pg';
import type { Tx } from '../../app/ports/store.js';
import { checkout, type Database } from './database.js';
import { clientConn } from './conn.js';
import { EventBuffer } from './events.js';
import { txOver } from './tx.js';
import { forCaller, isRetryable, isUnavailable, unavailable } from './errors.js';

interface Pending {
  work: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  tries: number;
}

export interface PgGroupCommitStats {
  /** Committed transactions (one per batch, plus one per work run again alone). */
  commits: number;
  writes: number;
  maxBatch: number;
  /** Works run again alone after a deadlock, serialization failure or batch-level failure. */
  retries: number;
}

const MAX_TRIES = 3;
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class PgGroupCommitter {
  private queue: Pending[] = [];
  private again: Pending[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;
  readonly stats: PgGroupCommitStats = { commits: 0, writes: 0, maxBatch: 0, retries: 0 };

  constructor(private readonly db: Database, private readonly maxDelayMs: number, private readonly maxBatch = 256) {}

  submit<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject, tries: 0 });
      this.schedule();
    });
  }

  /** Resolves when everything submitted so far is committed or refused (for close()). */
  async drain(): Promise<void> {
    while (this.running || this.queue.length > 0 || this.again.length > 0) {
      if (!this.running) this.start();
      await this.running;
    }
  }

  private schedule(): void {
    if (this.timer || this.running) return;
    const go = () => { this.timer = undefined; this.start(); };
    this.timer = this.maxDelayMs > 0 ? setTimeout(go, this.maxDelayMs) : setImmediate(go);
  }

  private start(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0 || this.again.length > 0) this.schedule();
    });
  }

  private async loop(): Promise<void> {
    while (this.again.length > 0 || this.queue.length > 0) {
      const batch = this.again.length > 0 ? [this.again.shift()!] : this.queue.splice(0, this.maxBatch);
      await this.runBatch(batch);
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await checkout(this.db.pool);
    } catch (e) {
      for (const p of batch) p.reject(unavailable(e));
      return;
    }
    let broken: Error | undefined;
    try {
      const outcomes = await this.transaction(client, batch);
      this.stats.commits += 1;
      this.stats.writes += batch.length;
      this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
      batch.forEach((p, i) => this.settle(p, outcomes[i]!));
    } catch (e) {
      broken = await rollback(client, e);
      if (isUnavailable(e)) for (const p of batch) p.reject(unavailable(e));
      else if (batch.length > 1) this.runAloneLater(batch); // which work broke the batch? each alone tells
      else this.settle(batch[0]!, { ok: false, error: e });
    } finally {
      client.release(broken);
    }
  }

  /** BEGIN, the works (in savepoints when more than one), the held-back events, COMMIT. */
  private async transaction(client: pg.PoolClient, batch: Pending[]): Promise<Outcome[]> {
    const events = new EventBuffer();
    const conn = clientConn(client, this.db.q, events);
    const tx = txOver(conn);
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    const outcomes: Outcome[] = [];
    if (batch.length === 1) {
      // Alone, a work needs no savepoint: its failure rolls back the whole transaction (thrown on).
      events.beginWork();
      const value = await batch[0]!.work(tx);
      events.endWork(true);
      outcomes.push({ ok: true, value });
    } else {
      for (const p of batch) {
        await client.query('SAVEPOINT w');
        events.beginWork();
        try {
          const value = await p.work(tx);
          await client.query('RELEASE SAVEPOINT w');
          events.endWork(true);
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (isUnavailable(error)) throw error;
          await client.query('ROLLBACK TO SAVEPOINT w');
          events.endWork(false);
          outcomes.push({ ok: false, error });
        }
      }
    }
    await events.flush(conn);
    await client.query('COMMIT');
    return outcomes;
  }

  private settle(p: Pending, o: Outcome): void {
    if (o.ok) p.resolve(o.value);
    else if (isRetryable(o.error) && p.tries + 1 < MAX_TRIES) this.runAloneLater([p]);
    else p.reject(forCaller(o.error));
  }

  private runAloneLater(works: Pending[]): void {
    for (const p of works) {
      p.tries += 1;
      this.stats.retries += 1;
    }
    this.again.push(...works);
  }
}

/** Ends a failed transaction; returns an error when the client must not go back to the pool. */
async function rollback(client: pg.PoolClient, cause: unknown): Promise<Error | undefined> {
  if (isUnavailable(cause)) return cause instanceof Error ? cause : new Error(String(cause));
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
