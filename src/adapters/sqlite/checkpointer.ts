/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses 1,000 WAL pages: that COMMIT copies the pages into the database file and fsyncs it, on
 * the event loop, and every request waiting on that batch waits with it (bench/dispatch: the
 * commit p99 was 5.4 ms with it, 0.37 ms without, synchronous=NORMAL). Here one worker thread per
 * process keeps its own connection to each file database and runs PASSIVE checkpoints (they never
 * wait for or block the writer) every `everyMs`; the writer's own automatic checkpoint stays as a
 * backstop at a much larger WAL, should the worker fall behind or die.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The writer still checkpoints by itself past this many WAL pages (4 KiB each: ~256 MiB). */
export const BACKSTOP_PAGES = 65_536;
export const CHECKPOINT_EVERY_MS = 250;

// CommonJS, evaluated in the worker: no TypeScript loader is needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const open = new Map(); // attach id -> { db, timer }
function stop(id) {
  const o = open.get(id);
  if (!o) return;
  clearInterval(o.timer);
  try { o.db.close(); } catch {}
  open.delete(id);
}
parentPort.on('message', (m) => {
  if (m.kind === 'detach') return stop(m.id);
  let db;
  try {
    db = new Database(m.path, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    db.pragma('synchronous = ' + m.synchronous);
  } catch { return; } // the file is gone already: nothing to checkpoint (the writer's backstop remains)
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const timer = setInterval(() => {
    // SQLITE_BUSY: another checkpoint is running, try next time; anything else (the file is gone):
    // give this one up, the writer's backstop checkpoint remains.
    try { checkpoint.get(); } catch (e) { if (!String(e && e.code).startsWith('SQLITE_BUSY')) stop(m.id); }
  }, m.everyMs);
  open.set(m.id, { db, timer });
});
`;

export interface Checkpointer {
  /** Starts checkpointing `path` (a file database in WAL mode); returns what stops it. */
  attach(path: string, synchronous: string): () => void;
}

let shared: Worker | undefined;
let attached = 0;
let ids = 0;

function worker(): Worker {
  if (shared) return shared;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver } });
  // If the worker dies, the writers' backstop checkpoints take over; the next attach starts a new one.
  w.on('error', () => undefined);
  w.on('exit', () => { if (shared === w) shared = undefined; });
  w.unref(); // it never keeps the process alive
  shared = w;
  return w;
}

export const walCheckpointer: Checkpointer = {
  attach(path, synchronous) {
    const w = worker();
    // By attach, not by path: a file opened twice (a restart in a test) keeps both apart.
    const id = ++ids;
    w.postMessage({ kind: 'attach', id, path, synchronous, everyMs: CHECKPOINT_EVERY_MS });
    attached++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      attached--;
      w.postMessage({ kind: 'detach', id });
      // The last store of the process closed: the worker goes too (tests open and close many).
      if (attached === 0 && shared === w) { shared = undefined; void w.terminate(); }
    };
  },
};
