import type { Store, SynchronousTx, Tx } from '../../app/ports/store.js';
import { callbackRepo } from './callback-repo.js';
import { closeDatabase, openDatabase, openReader, type Db, type OpenOptions } from './database.js';
import { GroupCommitter } from './group-commit.js';
import { WalSyncer } from './wal-sync.js';
import { attemptRepo, eventLog, idempotencyRepo, settingsRepo, slotRepo } from './small-repos.js';
import { agentRepo, queueRepo } from './agent-repo.js';
import { captchaRepo, outboxRepo } from './outbox-repo.js';
import { callInRepo } from './call-in-repo.js';
import { phoneBindingRepo } from './phone-binding-repo.js';
import { clusterRepo } from './cluster-repo.js';

export interface SqliteStore extends Store {
  readonly db: Db;
  readonly committer: GroupCommitter;
  /** storage.synchronous=FULL on a file: the WAL's fsync, off the event loop. */
  readonly syncer?: WalSyncer;
  /**
   * The repositories run synchronously on the writer connection: for tests, seeds and tools that
   * look between steps (no batch is in flight then). Application code uses read()/write().
   */
  readonly sync: SynchronousTx;
}

/** The repositories over one connection, as better-sqlite3 runs them: synchronously. */
export function syncRepos(db: Db): SynchronousTx {
  return {
    callbacks: callbackRepo(db),
    slots: slotRepo(db),
    idempotency: idempotencyRepo(db),
    attempts: attemptRepo(db),
    events: eventLog(db),
    agents: agentRepo(db),
    queue: queueRepo(db),
    outbox: outboxRepo(db),
    captchas: captchaRepo(db),
    settings: settingsRepo(db),
    callIns: callInRepo(db),
    phoneBindings: phoneBindingRepo(db),
    cluster: clusterRepo(db),
  } as unknown as SynchronousTx;
}

type AnyFn = (...args: unknown[]) => unknown;

/** The port's asynchronous face of a synchronous repository: same calls, settled promises. */
function asynchronous<R extends object>(repo: object): R {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(repo)) {
    out[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve((fn as AnyFn)(...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return out as R;
}

function asyncTx(sync: SynchronousTx): Tx {
  const repos = sync as unknown as Record<string, object>;
  const tx: Record<string, unknown> = {};
  for (const [name, repo] of Object.entries(repos)) tx[name] = asynchronous(repo);
  return tx as unknown as Tx;
}

function probe(db: Db): boolean {
  try {
    return db.sqlite.open && db.sqlite.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}

const isFile = (path: string): boolean => path !== ':memory:' && path !== '';

/**
 * synchronous 'FULL' on a file: the connection runs NORMAL and the WAL is fsynced off the event
 * loop before any answer (wal-sync.ts), which is FULL for everything acknowledged. 'NORMAL' is
 * SQLite's NORMAL: committed, not necessarily on disk. In memory there is nothing to sync.
 */
export function createSqliteStore(path: string, options: OpenOptions & { groupCommitMaxDelayMs: number }): SqliteStore {
  const offLoop = options.synchronous === 'FULL' && isFile(path);
  const db = openDatabase(path, offLoop ? { ...options, synchronous: 'NORMAL' } : options);
  const syncer = offLoop ? new WalSyncer(`${path}-wal`) : undefined;
  const reader = openReader(path, options);
  const sync = syncRepos(db);
  const writeTx = asyncTx(sync);
  const readTx = reader ? asyncTx(syncRepos(reader)) : writeTx;
  const committer = new GroupCommitter(db, options.groupCommitMaxDelayMs, undefined, syncer);
  return {
    driver: 'sqlite',
    db,
    committer,
    sync,
    write: (work) => committer.submit(() => work(writeTx)),
    read: (work) => work(readTx),
    syncer,
    healthy: async () => syncer?.failed === undefined && probe(db) && (!reader || probe(reader)),
    close: async () => {
      await committer.drain();
      syncer?.close();
      if (reader) closeDatabase(reader);
      closeDatabase(db);
    },
  };
}
