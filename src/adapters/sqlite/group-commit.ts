/**
 * Group commit: writes submitted in the same few milliseconds run in ONE transaction, each inside
 * its own savepoint (a failing write rolls back alone), and every caller is answered only after
 * the COMMIT returned — and, with storage.synchronous=FULL, once the WAL is on disk (wal-sync.ts:
 * the fsync runs off the event loop while the next batch runs, and covers every batch committed
 * before it started).
 * Writes run one after another (a work is awaited before the next starts), so each sees the
 * effects of the previous: capacity and "one open callback per number" checks are race-free.
 * Reads go to a second connection (sqlite-store.ts), so they never see a batch before its COMMIT
 * (they may see it before its fsync has returned: docs/storage.md "SQLite: what holds and why").
 */
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database.js';
import type { WalSyncer } from './wal-sync.js';

interface Pending<T> {
  work: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

interface Outcome { ok: boolean; value: unknown }

type Statement = BetterSqlite3.Statement<[]>;
interface TxControl { begin: Statement; commit: Statement; rollback: Statement; savepoint: Statement; release: Statement; rollbackTo: Statement }

export interface GroupCommitStats {
  batches: number; writes: number; maxBatch: number;
  /** Total time spent in COMMIT (write(2) of the WAL frames; checkpoints), for benchmarks. */
  commitMs: number;
}

/** At most this many writes in a batch count as a lone write (wal-sync.ts syncNowIfAlone). */
const LONE_BATCH = 2;

export class GroupCommitter {
  private queue: Pending<unknown>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** The batch being run (its works await between statements), if any. */
  private running: Promise<void> | undefined;
  readonly stats: GroupCommitStats = { batches: 0, writes: 0, maxBatch: 0, commitMs: 0 };

  constructor(
    private readonly db: Db,
    private readonly maxDelayMs: number,
    private readonly maxBatch = 256,
    /** storage.synchronous=FULL on a file: answers wait for the WAL's fsync. */
    private readonly syncer?: WalSyncer,
  ) {}

  submit<T>(work: () => Promise<T>): Promise<T> {
    const failed = this.syncer?.failed;
    if (failed !== undefined) return Promise.reject(failed);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Pending<unknown>);
      this.schedule(this.queue.length >= this.maxBatch);
    });
  }

  /**
   * One batch at a time on the single connection. While one runs, arrivals wait for it and go in
   * the next batch, started as soon as it commits (no extra delay: the running commit was the wait).
   */
  private schedule(now = false): void {
    if (this.running || (this.timer && !now)) return;
    this.cancelTimer();
    // setImmediate collects everything that arrived in this turn of the event loop; a delay
    // widens the window under load at the cost of latency.
    if (now || this.maxDelayMs <= 0) this.timer = setImmediate(() => this.startBatch());
    else this.timer = setTimeout(() => this.startBatch(), this.maxDelayMs);
  }

  private cancelTimer(): void {
    if (!this.timer) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  private startBatch(): void {
    this.timer = undefined;
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.length > this.maxBatch ? this.queue.splice(0, this.maxBatch) : this.queue;
    if (batch === this.queue) this.queue = [];
    this.running = this.runBatch(batch).finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) this.schedule(true);
    });
  }

  /** Resolves when nothing is queued or running: shutdown calls it so nothing acknowledged is pending. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.queue.length > 0) {
        this.cancelTimer();
        this.startBatch();
      } else if (this.syncer?.waiting) await this.syncer.idle();
      else return;
    }
  }

  /**
   * Answers a batch's callers. With a syncer, only once everything committed up to now is on disk:
   * also the refusals and rollbacks, whose answer may rest on a commit not yet synced (e.g. "this
   * number already has an open callback"), as under SQLite's own FULL, where no write ever sees
   * an unsynced one. A failed fsync rejects them all: nothing is acknowledged that is not on disk.
   */
  private settle(batch: Pending<unknown>[], results: Outcome[], seq?: number): void {
    const answer = (error?: unknown) => batch.forEach((item, i) => {
      const r = results[i]!;
      if (error !== undefined) item.reject(error);
      else if (r.ok) item.resolve(r.value);
      else item.reject(r.value);
    });
    if (!this.syncer) return answer();
    // A small batch with nothing queued behind it (an agent's state and its claim) syncs here:
    // its answer (the INVITE) comes a thread-pool round trip sooner. Batches under load use the pool.
    if (batch.length <= LONE_BATCH && this.queue.length === 0) this.syncer.syncNowIfAlone();
    this.syncer.whenDurable(seq ?? this.syncer.last, answer);
  }

  private statements: TxControl | undefined;

  /** Transaction control as prepared statements (exec() would parse the SQL on every batch). */
  private control(): TxControl {
    if (!this.statements) {
      const p = (sql: string) => this.db.sqlite.prepare<[]>(sql);
      this.statements = {
        begin: p('BEGIN IMMEDIATE'), commit: p('COMMIT'), rollback: p('ROLLBACK'),
        savepoint: p('SAVEPOINT w'), release: p('RELEASE w'), rollbackTo: p('ROLLBACK TO w'),
      };
    }
    return this.statements;
  }

  /** Rows the polls may have seen are gone again (database.ts callbacksVersion). */
  private rolledBack(): void {
    if (this.db.callbacksVersion) this.db.callbacksVersion.n++;
  }

  private count(size: number): void {
    this.stats.batches += 1;
    this.stats.writes += size;
    this.stats.maxBatch = Math.max(this.stats.maxBatch, size);
  }

  private async runBatch(batch: Pending<unknown>[]): Promise<void> {
    const results: Outcome[] = [];
    const tx = this.control();
    try {
      tx.begin.run();
      if (batch.length === 1) {
        // Alone in its batch, the write needs no savepoint: if it throws, the whole transaction
        // is rolled back, which is exactly what rolling back its savepoint would do.
        try {
          results.push({ ok: true, value: await batch[0]!.work() });
        } catch (error) {
          if (this.db.sqlite.inTransaction) tx.rollback.run();
          this.rolledBack();
          this.count(1);
          this.settle(batch, [{ ok: false, value: error }]);
          return;
        }
      } else {
        for (const item of batch) {
          tx.savepoint.run();
          try {
            results.push({ ok: true, value: await item.work() });
            tx.release.run();
          } catch (error) {
            tx.rollbackTo.run();
            tx.release.run();
            this.rolledBack();
            results.push({ ok: false, value: error });
          }
        }
      }
      const before = performance.now();
      tx.commit.run();
      this.stats.commitMs += performance.now() - before;
    } catch (error) {
      if (this.db.sqlite.inTransaction) this.db.sqlite.exec('ROLLBACK');
      this.rolledBack();
      this.settle(batch, batch.map(() => ({ ok: false, value: error })));
      return;
    }
    this.count(batch.length);
    this.settle(batch, results, this.syncer?.committedNow());
  }
}
