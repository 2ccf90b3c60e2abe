/** The group commit on a real file: writes share a transaction, a failing one rolls back alone. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { tempDir } from '../../src/testing/test-config.js';

let store: SqliteStore | undefined;
let dir: string | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = undefined;
});

describe('group commit', () => {
  it('keeps savepoint journals in memory (a temporary file per batch cost an insert three times)', () => {
    dir = tempDir();
    store = createSqliteStore(join(dir, 'a.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    expect(store.db.sqlite.pragma('temp_store', { simple: true })).toBe(2); // 2 = MEMORY
  });

  it('writes submitted together commit in one batch; the one that throws is rolled back alone', async () => {
    dir = tempDir();
    store = createSqliteStore(join(dir, 'a.db'), { synchronous: 'FULL', groupCommitMaxDelayMs: 0 });
    const s = store;
    const put = (key: string, fail: boolean) => s.write(async (tx) => {
      await tx.settings.putIfAbsent(key, 'v');
      if (fail) throw new Error('refused');
      return key;
    });
    const batches = s.committer.stats.batches;
    const results = await Promise.allSettled([put('a', false), put('b', true), put('c', false)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(s.committer.stats.batches - batches).toBe(1);
    expect(await s.read(async (tx) => [await tx.settings.get('a'), await tx.settings.get('b'), await tx.settings.get('c')])).toEqual(['v', undefined, 'v']);
  });
});
