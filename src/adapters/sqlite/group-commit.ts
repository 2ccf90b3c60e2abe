/**
 * Group commit: writes submitted in the same few milliseconds run in ONE transaction, each inside
 * its own savepoint (a failing write rolls back alone), and every caller is answered only after
 * the COMMIT returned. With synchronous=FULL this amortises the fsync over the batch.
 * Writes run one after another on the single thread, so each sees the effects of the previous:
 * capacity and "one open callback per number" checks are race-free.
 */
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database.js';

interface Pending<T> {
  work: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

type Statement = BetterSqlite3.Statement<[]>;
interface TxControl { begin: Statement; commit: Statement; rollback: Statement; savepoint: Statement; release: Statement; rollbackTo: Statement }

export interface GroupCommitStats {
  batches: number; writes: number; maxBatch: number;
  /** Total time spent in COMMIT (the fsync under synchronous=FULL), for benchmarks. */
  commitMs: number;
}

export class GroupCommitter {
  private queue: Pending<unknown>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  readonly stats: GroupCommitStats = { batches: 0, writes: 0, maxBatch: 0, commitMs: 0 };

  constructor(
    private readonly db: Db,
    private readonly maxDelayMs: number,
    private readonly maxBatch = 256,
  ) {}

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Pending<unknown>);
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) return;
    // setImmediate collects everything that arrived in this turn of the event loop; a delay
    // widens the window under load at the cost of latency.
    this.timer = this.maxDelayMs > 0 ? setTimeout(() => this.flush(), this.maxDelayMs) : setImmediate(() => this.flush());
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

  /** Runs everything queued now. Also called on shutdown so nothing acknowledged is pending. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const results: { ok: boolean; value: unknown }[] = [];
    const tx = this.control();
    try {
      tx.begin.run();
      if (batch.length === 1) {
        // Alone in its batch, the write needs no savepoint: if it throws, the whole transaction
        // is rolled back, which is exactly what rolling back its savepoint would do.
        try {
          results.push({ ok: true, value: batch[0]!.work() });
        } catch (error) {
          if (this.db.sqlite.inTransaction) tx.rollback.run();
          this.stats.batches += 1;
          this.stats.writes += 1;
          this.stats.maxBatch = Math.max(this.stats.maxBatch, 1);
          batch[0]!.reject(error);
          return;
        }
      } else {
        for (const item of batch) {
          tx.savepoint.run();
          try {
            results.push({ ok: true, value: item.work() });
            tx.release.run();
          } catch (error) {
            tx.rollbackTo.run();
            tx.release.run();
            results.push({ ok: false, value: error });
          }
        }
      }
      const before = performance.now();
      tx.commit.run();
      this.stats.commitMs += performance.now() - before;
    } catch (error) {
      if (this.db.sqlite.inTransaction) this.db.sqlite.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return;
    }
    this.stats.batches += 1;
    this.stats.writes += batch.length;
    this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
    batch.forEach((item, i) => {
      const r = results[i]!;
      if (r.ok) item.resolve(r.value);
      else item.reject(r.value);
    });
  }
}
