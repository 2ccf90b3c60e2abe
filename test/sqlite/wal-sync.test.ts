/**
 * storage.synchronous=FULL off the event loop: a write is answered only after an fsync of the WAL
 * that started after its COMMIT has returned (src/adapters/sqlite/wal-sync.ts). The fsync is
 * held by the test, so "not yet answered" is checked without any timing.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/adapters/sqlite/database.js';
import { GroupCommitter } from '../../src/adapters/sqlite/group-commit.js';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { WalSyncer } from '../../src/adapters/sqlite/wal-sync.js';
import { tempDir } from '../../src/testing/test-config.js';

type Done = (error: NodeJS.ErrnoException | null) => void;

let db: Db | undefined;
let dir: string | undefined;
afterEach(() => {
  if (db) closeDatabase(db);
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = undefined;
});

/** A committer whose fsyncs wait in `pending` until the test calls them. */
function held() {
  dir = tempDir();
  const path = join(dir, 'w.db');
  db = openDatabase(path, { synchronous: 'NORMAL' });
  const pending: Done[] = [];
  const syncer = new WalSyncer(`${path}-wal`, (_fd, done) => { pending.push(done); });
  const committer = new GroupCommitter(db, 0, 256, syncer);
  const d = db;
  const put = (key: string, fail = false) => committer.submit(async () => {
    d.sqlite.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')").run(key);
    if (fail) throw new Error('refused');
    return key;
  });
  const committed = (key: string) => d.sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
  return { pending, syncer, committer, put, committed };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

function watch<T>(p: Promise<T>): { settled: () => boolean } {
  let settled = false;
  p.then(() => { settled = true; }, () => { settled = true; });
  return { settled: () => settled };
}

describe('WAL fsync off the event loop (synchronous=FULL)', () => {
  it('a commit is answered only after an fsync that started after it returned', async () => {
    const { pending, put, committed } = held();
    const a = put('a');
    const wa = watch(a);
    for (let i = 0; i < 5; i++) await turn();
    expect(committed('a')).toBe(true); // COMMIT done ...
    expect(pending.length).toBe(1); // ... its fsync asked for ...
    expect(wa.settled()).toBe(false); // ... and nobody answered before it returns

    // b commits while a's fsync is in flight: a's fsync started before b's COMMIT, so it cannot cover b.
    const b = put('b');
    const wb = watch(b);
    for (let i = 0; i < 5; i++) await turn();
    expect(committed('b')).toBe(true);
    expect(pending.length).toBe(1); // one fsync in flight at a time
    pending.shift()!(null);
    await expect(a).resolves.toBe('a');
    await turn();
    expect(wb.settled()).toBe(false);
    expect(pending.length).toBe(1); // a second fsync, started after b's COMMIT
    pending.shift()!(null);
    await expect(b).resolves.toBe('b');
  });

  it('a refusal waits too (its answer may rest on an unsynced commit), and drain waits for the fsync', async () => {
    const { pending, put, committer } = held();
    const a = put('a');
    for (let i = 0; i < 5; i++) await turn();
    const refused = put('a'); // primary key taken by a's unsynced row
    const wr = watch(refused);
    for (let i = 0; i < 5; i++) await turn();
    expect(wr.settled()).toBe(false);
    const drained = watch(committer.drain());
    await turn();
    expect(drained.settled()).toBe(false);
    pending.shift()!(null);
    await expect(a).resolves.toBe('a');
    await expect(refused).rejects.toThrow(/UNIQUE/);
    await turn();
    expect(drained.settled()).toBe(true);
  });

  it('a failed fsync rejects the waiting writes and every later one (fail-stop)', async () => {
    const { pending, put } = held();
    const a = put('a');
    for (let i = 0; i < 5; i++) await turn();
    pending.shift()!(Object.assign(new Error('EIO'), { code: 'EIO' }));
    await expect(a).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(put('b')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });

  it('a lone write (nothing queued behind it) is synced on this thread before it is answered; a batch under load goes to the pool', async () => {
    dir = tempDir();
    const store = createSqliteStore(join(dir, 'l.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    const s = store.syncer!;
    const before = s.stats.fsyncs;
    const answered = store.write(async (tx) => await tx.settings.putIfAbsent('lone', 'v'));
    await answered;
    expect(s.stats.fsyncs).toBe(before + 1);
    expect(s.waiting).toBe(false);
    // 20 writes at once: one batch of more than two writes, synced by the pool (still answered after it).
    const many = Array.from({ length: 20 }, (_, i) => store.write(async (tx) => await tx.settings.putIfAbsent(`k${i}`, 'v')));
    await Promise.all(many);
    expect(s.stats.fsyncs).toBeGreaterThan(before + 1);
    expect(store.committer.stats.maxBatch).toBeGreaterThan(2);
    await store.close();
  });

  it('the store runs the connection NORMAL and syncs itself for FULL; NORMAL and :memory: have no syncer', async () => {
    dir = tempDir();
    const full = createSqliteStore(join(dir, 'f.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    expect(full.db.sqlite.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
    await full.write(async (tx) => await tx.settings.putIfAbsent('k', 'v'));
    expect(full.syncer?.stats.fsyncs).toBeGreaterThan(0);
    await full.close();
    const normal = createSqliteStore(join(dir, 'n.db'), { synchronous: 'NORMAL', groupCommitMaxDelayMs: 0 });
    expect(normal.syncer).toBeUndefined();
    await normal.close();
    const memory = createSqliteStore(':memory:', { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    expect(memory.syncer).toBeUndefined();
    await memory.close();
  });
});
