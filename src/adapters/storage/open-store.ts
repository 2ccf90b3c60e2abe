/** The storage adapter the config names: SQLite (one file, the default) or PostgreSQL (shared by nodes). */
import type { Store } from '../../app/ports/store.js';
import { HoldlessError } from '../../domain/errors.js';
import type { AppConfig } from '../config/types.js';
import { createPostgresStore } from '../postgres/postgres-store.js';
import { createSqliteStore } from '../sqlite/sqlite-store.js';

export async function openStore(storage: AppConfig['storage'], onPoolError: (e: Error) => void = () => {}): Promise<Store> {
  if ((storage.driver ?? 'sqlite') === 'sqlite') {
    return createSqliteStore(storage.path, { synchronous: storage.synchronous, groupCommitMaxDelayMs: storage.groupCommitMaxDelayMs });
  }
  const pg = storage.postgres;
  if (!pg?.url) throw new HoldlessError('CONFIG_INVALID', 'storage.driver is postgres but no storage.postgres.url is known');
  return createPostgresStore(pg.url, {
    poolSize: pg.poolSize,
    statementTimeoutMs: pg.statementTimeoutMs,
    connectTimeoutMs: pg.connectTimeoutMs,
    groupCommitMaxDelayMs: storage.groupCommitMaxDelayMs,
  }, onPoolError);
}
