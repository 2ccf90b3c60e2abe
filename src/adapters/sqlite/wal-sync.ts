/**
 * storage.synchronous=FULL without blocking the event loop on fsync.
 *
 * SQLite's own FULL syncs the -wal file inside COMMIT, on the main thread: every request waits
 * behind the disk, and a batch is only as big as what arrived during the previous fsync. Instead
 * the writer connection runs with PRAGMA synchronous=NORMAL and this class fsyncs the -wal file
 * on the libuv thread pool; the group committer answers a batch only once an fsync that STARTED
 * after the batch's COMMIT has returned. The next batch runs meanwhile (one fsync in flight; when
 * it returns, every batch committed before it started is on disk, and a new one covers the rest).
 *
 * Why this is FULL for everything acknowledged (SQLite 3.53 source, sqlite3PagerSetFlags and
 * sqlite3WalFrames): in WAL mode NORMAL still syncs the WAL before each checkpoint, the database
 * file after a checkpoint that copied the whole WAL back, and the WAL header (and, once, the
 * directory of a new WAL) when the WAL is started or restarted; FULL only adds one sync of the WAL
 * after each commit — which is this fsync. WAL frames are appended in commit order and
 * checksummed as a chain, so an fsync that returns makes every earlier commit durable too.
 *
 * The file descriptor stays valid: SQLite deletes the -wal file only when the last connection
 * closes (ours closes after drain()), a TRUNCATE checkpoint or journal_size_limit truncates the
 * same file (same inode), and a WAL restart rewrites it in place.
 */
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { STORAGE_UNAVAILABLE } from '../../app/ports/store.js';
import { HoldlessError } from '../../domain/errors.js';

type FsyncFn = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

interface Waiter { seq: number; done: (error?: unknown) => void }

export interface WalSyncStats { fsyncs: number; fsyncMs: number }

export class WalSyncer {
  private readonly fd: number;
  /** Commits made so far (a sequence number per COMMIT). */
  private committed = 0;
  /** Every commit up to this one is on disk. */
  private durable = 0;
  private inFlight = false;
  private waiters: Waiter[] = [];
  /** An fsync failed: what was not yet on disk may never get there (the kernel may drop the pages). */
  private failure: unknown;
  readonly stats: WalSyncStats = { fsyncs: 0, fsyncMs: 0 };
  /** May a lone write sync on this thread (syncNowIfAlone)? */
  private readonly inline: boolean;

  /**
   * `walPath` must exist (the connection has read the database in WAL mode). The WAL, the
   * database file and their directory are synced once here: the migrations just committed under
   * NORMAL, and a new file's directory entry must be on disk before anything in it counts.
   */
  constructor(walPath: string, private readonly fsyncFn: FsyncFn = fsync, private readonly now: () => number = performance.now.bind(performance)) {
    // An fsync of the test's own (held) is never bypassed by the inline one.
    this.inline = fsyncFn === fsync;
    this.fd = openSync(walPath, 'r');
    fsyncSync(this.fd);
    for (const path of [walPath.replace(/-wal$/, ''), dirname(walPath)]) {
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  /** Call right after a COMMIT returned: the commit's sequence number. */
  committedNow(): number {
    return ++this.committed;
  }

  /** The sequence number of the last commit (an answer that read it must wait for it too). */
  get last(): number {
    return this.committed;
  }

  get failed(): unknown {
    return this.failure;
  }

  /** Calls `done` once commit `seq` (and every one before it) is on disk, or with the fsync's error. */
  whenDurable(seq: number, done: (error?: unknown) => void): void {
    if (this.failure !== undefined) return done(this.failure);
    if (seq <= this.durable) return done();
    this.waiters.push({ seq, done });
    this.kick();
  }

  /** Some caller waits for an fsync. */
  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  /** Resolves when no caller waits for an fsync (shutdown: everything acknowledged is answered). */
  idle(): Promise<void> {
    if (this.waiters.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenDurable(this.committed, () => resolve()));
  }

  /**
   * A write with nothing queued behind it and no fsync running: sync here, on this thread. A lone
   * write (an agent going ready, its claim, then the INVITE) is answered one thread-pool round
   * trip sooner — bench/dispatch: p50 ~150 µs, p99 ~2 ms less than through the pool — and
   * nothing else was waiting for the event loop meanwhile. Under load the pool's fsync is used.
   */
  syncNowIfAlone(): void {
    if (!this.inline || this.failure !== undefined || this.inFlight || this.waiters.length > 0 || this.durable === this.committed) return;
    const target = this.committed;
    const started = this.now();
    try {
      fsyncSync(this.fd);
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException);
      return;
    }
    this.stats.fsyncs += 1;
    this.stats.fsyncMs += this.now() - started;
    this.durable = target;
  }

  /**
   * Fail-stop (as PostgreSQL panics): after a failed fsync the kernel may have dropped the dirty
   * pages, and WAL frames are checksummed as a chain, so no later commit could be promised
   * durable either. Writes are refused until a restart recovers from the file.
   */
  private fail(error: NodeJS.ErrnoException): void {
    this.failure = new HoldlessError(STORAGE_UNAVAILABLE, `fsync of the SQLite WAL failed (${error.code ?? error.message}); restart holdless`, { driver: 'sqlite' });
    const all = this.waiters;
    this.waiters = [];
    for (const w of all) w.done(this.failure);
  }

  private kick(): void {
    if (this.inFlight || this.waiters.length === 0) return;
    this.inFlight = true;
    // Everything committed until now was written (write(2) returned) before this fsync starts.
    const target = this.committed;
    const started = this.now();
    this.fsyncFn(this.fd, (error) => {
      this.inFlight = false;
      this.stats.fsyncs += 1;
      this.stats.fsyncMs += this.now() - started;
      if (error) return this.fail(error);
      this.durable = Math.max(this.durable, target);
      // Waiters are in commit order (batches commit one after another).
      let i = 0;
      while (i < this.waiters.length && this.waiters[i]!.seq <= target) i++;
      const ready = this.waiters.splice(0, i);
      for (const w of ready) w.done();
      this.kick();
    });
  }

  private closed = false;

  /** Closes the descriptor (once: a store may be closed twice). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
