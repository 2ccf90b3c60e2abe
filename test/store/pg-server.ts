/**
 * PostgreSQL for the store tests. HOLDLESS_TEST_PG_URL (a server URL whose user may CREATE
 * DATABASE) is used when set; otherwise a throwaway cluster is started here: initdb + pg_ctl from
 * /usr/lib/postgresql/15/bin on a temp data dir, 127.0.0.1 and a free port, fsync and
 * synchronous_commit on, run as the `postgres` OS user when we are root. Each test file creates
 * its own database and drops it after. When PostgreSQL cannot be had, the tests skip with the
 * reason — except under CI (the CI variable set), where that is a failure.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chownSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const BIN = process.env['HOLDLESS_TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface PgServer {
  /** URL of the server's `postgres` database (for CREATE/DROP DATABASE). */
  readonly adminUrl: string;
  /** Present for a cluster started here: it can be stopped and started again (outage tests). */
  readonly cluster?: PgCluster;
  createDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  close(): Promise<void>;
}

export interface PgCluster { stop(): Promise<void>; start(): Promise<void>; destroy(): Promise<void> }

export type PgAvailability = { ok: true; server: PgServer } | { ok: false; reason: string };

/** The server the tests of one file use: HOLDLESS_TEST_PG_URL, else a cluster of their own. */
export async function testPostgres(): Promise<PgAvailability> {
  const url = process.env['HOLDLESS_TEST_PG_URL'];
  return url ? { ok: true, server: serverAt(url) } : ownPostgres();
}

/** Always a cluster of our own (tests that stop the server must not stop a shared one). */
export async function ownPostgres(): Promise<PgAvailability> {
  try {
    const cluster = await startCluster();
    return { ok: true, server: { ...serverAt(cluster.url), cluster, close: () => cluster.destroy() } };
  } catch (e) {
    const reason = `PostgreSQL could not be started from ${BIN}: ${(e as Error).message.split('\n')[0]}`;
    if (process.env['CI']) throw new Error(`${reason} (CI is set: PostgreSQL tests must run)`);
    console.warn(`SKIPPED PostgreSQL tests: ${reason}`);
    return { ok: false, reason };
  }
}

function serverAt(adminUrl: string): PgServer {
  return {
    adminUrl,
    createDatabase: async () => {
      const name = `holdless_${Math.random().toString(36).slice(2, 12)}`;
      await admin(adminUrl, `CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { url: url.toString(), drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
    close: async () => {},
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A free TCP port on 127.0.0.1 (for servers the tests start). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const asRoot = process.getuid?.() === 0;
/** Runs a PostgreSQL binary, as the postgres OS user when we are root (PostgreSQL refuses root). */
const pgCommand = (tool: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];

async function startCluster(): Promise<PgCluster & { url: string }> {
  if (!existsSync(join(BIN, 'pg_ctl')) || !existsSync(join(BIN, 'postgres'))) throw new Error('pg_ctl/postgres not found');
  const dir = mkdtempSync(join(tmpdir(), 'holdless-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const initdb = async (extra: string[]) => run(...pgCommand('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', ...extra]));
  // An ICU default collation (where 'a' < 'B') shows that ids still sort byte-wise as in SQLite.
  await initdb(['--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-US'])
    .catch(async () => { rmSync(data, { recursive: true, force: true }); await initdb(['--locale=C.UTF-8']); });
  appendFileSync(data + '/postgresql.conf', [
    `listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = ''`,
    'fsync = on', 'synchronous_commit = on', 'track_commit_timestamp = on', 'max_connections = 100', 'shared_buffers = 32MB', '',
  ].join('\n'));
  const log = join(dir, 'server.log');
  const ctl = (args: string[]) => run(...pgCommand('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', ...args]));
  await ctl(['start']);
  let running = true;
  const onExit = () => {
    if (!running) return;
    try { execFileSync(...pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])); } catch { /* already gone */ }
  };
  process.once('exit', onExit);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => { await ctl(['-m', 'fast', 'stop']); running = false; },
    start: async () => { await ctl(['start']); running = true; },
    destroy: async () => {
      if (running) await ctl(['-m', 'fast', 'stop']).catch(() => {});
      running = false;
      process.removeListener('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
