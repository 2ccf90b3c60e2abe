import type { Store, Tx } from '../../app/ports/store.js';
import { callbackRepo } from './callback-repo.js';
import { closeDatabase, openDatabase, type Db, type OpenOptions } from './database.js';
import { GroupCommitter } from './group-commit.js';
import { attemptRepo, eventLog, idempotencyRepo, settingsRepo, slotRepo } from './small-repos.js';
import { agentRepo, queueRepo } from './agent-repo.js';
import { captchaRepo, outboxRepo } from './outbox-repo.js';
import { callInRepo } from './call-in-repo.js';
import { phoneBindingRepo } from './phone-binding-repo.js';

export interface SqliteStore extends Store {
  readonly db: Db;
  readonly committer: GroupCommitter;
}

export function createSqliteStore(path: string, options: OpenOptions & { groupCommitMaxDelayMs: number }): SqliteStore {
  const db = openDatabase(path, options);
  const tx: Tx = {
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
  };
  const committer = new GroupCommitter(db, options.groupCommitMaxDelayMs);
  return {
    db,
    committer,
    write: (work) => committer.submit(() => work(tx)),
    read: (work) => work(tx),
    healthy: () => {
      try {
        return db.sqlite.open && db.sqlite.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close: () => {
      committer.flush();
      closeDatabase(db);
    },
  };
}
