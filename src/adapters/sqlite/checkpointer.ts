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
const open = new Map();
function stop(path) {
  const o = open.get(path);
  if (!o) return;
  clearInterval(o.timer);
  try { o.db.close(); } catch {}
  open.delete(path);
}
parentPort.on('message', (m) => {
  if (m.kind === 'attach') {
    stop(m.path);
    let db;
    try {
      db = new Database(m.path, { fileMustExist: true });
      db.pragma('busy_timeout = 0');
      db.pragma('synchronous = ' + m.synchronous);
    } catch (e) { parentPort.postMessage({ kind: 'failed', path: m.path, message: String(e && e.message || e) }); return; }
    const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    const timer = setInterval(() => {
      try { checkpoint.get(); } catch (e) {
        // SQLITE_BUSY: another checkpoint is running; anything else (file gone): give this one up.
        if (!String(e && e.code).startsWith('SQLITE_BUSY')) { stop(m.path); parentPort.postMessage({ kind: 'failed', path: m.path, message: String(e && e.message || e) }); }
      }
    }, m.everyMs);
    open.set(m.path, { db, timer });
  } else if (m.kind === 'detach') stop(m.path);
});
`;

export interface Checkpointer {
  /** Starts checkpointing `path` (a file database in WAL mode); returns what stops it. */
  attach(path: string, synchronous: string, onFailed?: (message: string) => void): () => void;
}

let shared: Worker | undefined;
let attached = 0;
const failures = new Map<string, (message: string) => void>();

function worker(): Worker {
  if (shared) return shared;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver } });
  w.on('message', (m: { kind: 'failed'; path: string; message: string }) => failures.get(m.path)?.(m.message));
  // If the worker dies, the writers' backstop checkpoints take over; the next attach starts a new one.
  w.on('error', () => undefined);
  w.on('exit', () => { if (shared === w) shared = undefined; });
  w.unref(); // it never keeps the process alive
  shared = w;
  return w;
}

export const walCheckpointer: Checkpointer = {
  attach(path, synchronous, onFailed) {
    const w = worker();
    if (onFailed) failures.set(path, onFailed);
    w.postMessage({ kind: 'attach', path, synchronous, everyMs: CHECKPOINT_EVERY_MS });
    attached++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      failures.delete(path);
      attached--;
      w.postMessage({ kind: 'detach', path });
      // The last store of the process closed: the worker goes too (tests open and close many).
      if (attached === 0 && shared === w) { shared = undefined; void w.terminate(); }
    };
  },
};
