import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../src/adapters/sqlite/database.js';
import { tempDir } from '../../src/testing/test-config.js';

const open: Db[] = [];
afterEach(() => { for (const db of open.splice(0)) closeDatabase(db); });

/** ~4 MiB of committed rows: well past SQLite's own 1,000-page checkpoint, far below the backstop. */
function fill(db: Db): void {
  db.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, v TEXT)');
  const ins = db.sqlite.prepare('INSERT INTO filler (v) VALUES (?)');
  for (let i = 0; i < 40; i++) db.sqlite.transaction(() => { for (let j = 0; j < 25; j++) ins.run('x'.repeat(4000)); })();
}

const size = (path: string) => statSync(path).size;

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = performance.now() + ms; performance.now() < end; await new Promise((r) => setTimeout(r, 25))) if (cond()) return true;
  return cond();
}

describe('WAL checkpoints in a worker thread', () => {
  it('a COMMIT no longer copies the WAL into the database; the worker does, while the writer goes on', async () => {
    const path = join(tempDir(), 'a.db');
    const db = openDatabase(path, { synchronous: 'FULL' });
    open.push(db);
    const before = size(path);
    fill(db);
    // Without the worker, nothing of the 4 MiB would be in the main file yet (the writer's own
    // checkpoint waits for the backstop): its growth is the worker's doing.
    expect(await until(() => size(path) > before + 3_000_000, 10_000)).toBe(true);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM filler').get()).toEqual({ n: 1000 });
  });

  it('once detached, the file is left to the writer: the same writes stay in the WAL', async () => {
    const path = join(tempDir(), 'b.db');
    const db = openDatabase(path, { synchronous: 'FULL' });
    open.push(db);
    db.detachCheckpointer!();
    const before = size(path);
    fill(db);
    await new Promise((r) => setTimeout(r, 600)); // more than two of the worker's periods
    expect(size(path)).toBe(before);
    expect(size(`${path}-wal`)).toBeGreaterThan(3_000_000);
  });
});
