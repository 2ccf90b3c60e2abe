/**
 * The dispatcher election of several holdless nodes over one PostgreSQL (issue 9). One dedicated
 * connection per node (not from the pool) holds the session-level advisory lock DISPATCHER_LOCK
 * while this node dispatches and LISTENs for the other nodes' signals. When the process dies, its
 * session ends and PostgreSQL frees the lock; a follower takes it on its next check and bumps
 * cluster_state.epoch, the fence every claim checks (cluster-repo.ts). A connection that fails
 * loses the role at once: the node stops dispatching before anyone else can start.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Cluster, ClusterSignal, DispatcherInfo } from '../../app/ports/cluster.js';
import type { Clock } from '../../app/ports/clock.js';

/** "hold" in ASCII: the one-key (bigint) advisory lock space, apart from the two-key xact locks of conn.ts. */
const DISPATCHER_LOCK = 0x686f6c64;
const CHANNEL = 'holdless_cluster';
/** Two-key session lock (class, hashtext(incarnation)) held by every running node: free = that process is gone. */
const NODE_LOCK = 0x486c_0010;

export interface PgClusterOptions {
  url: string;
  nodeId: string;
  /** How the other nodes reach this node's HTTP (forwarded agent and supervisor requests). */
  advertiseUrl: string | null;
  checkMs: number;
  connectTimeoutMs: number;
  /**
   * May this node dispatch? (false while its telephony is configured but cannot dial.) A node that
   * may not does not take the role, and a dispatcher that may not for `yieldAfterMs` gives it up,
   * so a node whose drachtio/FreeSWITCH is down does not hold every callback back.
   */
  eligible?: () => boolean;
  yieldAfterMs?: number;
}

/**
 * The dispatcher's lease on its role without a word from PostgreSQL: a check that has not
 * answered by then (a partition: the connection neither answers nor breaks) drops the role, and
 * the node fences itself (its customer calls that are not bridged are hung up). The server is set
 * to notice a silent client (TCP keepalives) only well after that, so the lock passes to a
 * successor after the old dispatcher has stepped down, not before.
 */
export const roleLeaseMs = (checkMs: number): number => Math.max(3_000, 3 * checkMs);

/** Session settings (startup `options`) so the server drops a vanished client's session, and its locks, in about lease + 10 s. */
export function keepaliveOptions(leaseMs: number): string {
  const idle = Math.ceil((leaseMs * 1.5) / 1000) + 3;
  return `-c tcp_keepalives_idle=${idle} -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3 -c tcp_user_timeout=${(idle + 6) * 1000}`;
}

export interface ClusterLog { info(o: object, m?: string): void; warn(o: object, m?: string): void }

interface Wire { from: string; s: ClusterSignal }

export function createPgCluster(opts: PgClusterOptions, clock: Clock, log: ClusterLog): Cluster {
  const leaseMs = roleLeaseMs(opts.checkMs);
  /** When this node last took the role (real time: the predecessor's lease runs in real time too). */
  let tookRoleAt = 0;
  const incarnation = `${opts.nodeId}#${randomBytes(6).toString('hex')}`;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let dispatching = false;
  let epoch = 0;
  let seen: DispatcherInfo | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let ineligibleSince: number | undefined;
  const roleListeners: ((d: boolean) => void)[] = [];
  // One query at a time on the cluster connection (pg 9 will refuse overlapping ones).
  let line: Promise<unknown> = Promise.resolve();
  // A query that ran out of the lease means the server is silent (a partition): the role goes at
  // once, whichever query saw it first. Otherwise the check would wait behind every signal queued
  // before it, each running out its own timeout, and the node would step down too late.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = line.then(fn, fn);
    line = next.catch(() => undefined);
    next.catch((e: unknown) => { if (String(e).includes('Query read timeout')) lost('no answer within the lease', e); });
    return next;
  };
  const signalListeners: ((s: ClusterSignal) => void)[] = [];

  const setRole = (d: boolean): void => {
    if (d === dispatching) return;
    dispatching = d;
    log.info({ nodeId: opts.nodeId, epoch, role: d ? 'dispatcher' : 'follower' }, 'cluster role changed');
    for (const l of roleListeners) l(d);
  };

  const lost = (why: string, err?: unknown): void => {
    if (client) log.warn({ err: err === undefined ? undefined : String(err), why }, 'cluster connection lost');
    const c = client;
    client = undefined;
    c?.removeAllListeners('notification');
    void c?.end().catch(() => undefined);
    setRole(false);
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: opts.url, connectionTimeoutMillis: opts.connectTimeoutMs,
      keepAlive: true, keepAliveInitialDelayMillis: 1_000, application_name: `holdless-cluster-${opts.nodeId}`,
      // A query unanswered within the lease (a partition) fails, and the node steps down (lost()).
      query_timeout: leaseMs, options: keepaliveOptions(leaseMs),
    });
    c.on('error', (e) => { if (client === c) lost('error', e); });
    c.on('end', () => { if (client === c) lost('end'); });
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const w = JSON.parse(n.payload) as Wire;
        if (w.from === opts.nodeId) return;
        for (const l of signalListeners) l(w.s);
      } catch { /* not ours */ }
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [NODE_LOCK, incarnation]);
    client = c;
  };

  const readState = async (c: pg.Client): Promise<void> => {
    const r = await serial(() => c.query<{ epoch: string | number; node_id: string | null; url: string | null }>(
      'SELECT epoch, node_id, url FROM cluster_state WHERE id = 1'));
    const row = r.rows[0];
    seen = row?.node_id ? { nodeId: row.node_id, url: row.url, epoch: Number(row.epoch) } : undefined;
  };

  // One check at a time: advisory locks are re-entrant per session, so two overlapping checks
  // (a slow database, a short checkMs) would both "win" and bump the epoch twice.
  let checking: Promise<void> | undefined;
  const check = (): Promise<void> => (checking ??= checkOnce().finally(() => { checking = undefined; }));

  const checkOnce = async (): Promise<void> => {
    if (stopped) return;
    if (!client) {
      connecting ??= connect().catch((e: unknown) => { log.warn({ err: String(e) }, 'cluster: cannot reach PostgreSQL'); }).finally(() => { connecting = undefined; });
      await connecting;
    }
    const c = client;
    if (!c) return;
    try {
      const mayDispatch = opts.eligible?.() ?? true;
      if (dispatching && !mayDispatch) {
        ineligibleSince ??= clock.now();
        if (clock.now() - ineligibleSince >= (opts.yieldAfterMs ?? 10_000)) {
          await serial(() => c.query('SELECT pg_advisory_unlock($1)', [DISPATCHER_LOCK]));
          log.warn({ nodeId: opts.nodeId, epoch }, 'this node cannot dial: the dispatcher role is given up for another node');
          setRole(false);
        }
      } else ineligibleSince = undefined;
      if (!dispatching && mayDispatch) {
        const got = await serial(() => c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [DISPATCHER_LOCK]));
        if (got.rows[0]?.ok) {
          // Waits for claims of an old dispatcher still in flight (they hold the row FOR SHARE).
          const r = await serial(() => c.query<{ epoch: string | number }>(
            'UPDATE cluster_state SET epoch = epoch + 1, node_id = $1, url = $2, since = $3 WHERE id = 1 RETURNING epoch',
            [opts.nodeId, opts.advertiseUrl, clock.now()]));
          epoch = Number(r.rows[0]!.epoch);
          tookRoleAt = performance.now();
          setRole(true);
        }
      }
      await readState(c);
    } catch (e) {
      lost('check failed', e);
    }
  };

  return {
    nodeId: opts.nodeId,
    driver: 'postgres',
    incarnation,
    async isAlive(other) {
      if (other === incarnation) return true;
      const c = client;
      if (!c) return true;
      try {
        const got = await serial(() => c.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [NODE_LOCK, other]));
        if (!got.rows[0]?.free) return true;
        await serial(() => c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [NODE_LOCK, other]));
        return false;
      } catch {
        return true;
      }
    },
    isDispatcher: () => dispatching,
    async predecessorFenced() {
      // Its last check may have started just before it was cut off: one lease from then, and a margin.
      const wait = tookRoleAt + leaseMs + 2 * opts.checkMs + 1_000 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    },
    epoch: () => epoch,
    dispatcher: () => (dispatching ? { nodeId: opts.nodeId, url: opts.advertiseUrl, epoch } : seen),
    onRoleChange: (fn) => { roleListeners.push(fn); },
    onSignal: (fn) => { signalListeners.push(fn); },
    publish: (s) => {
      const c = client;
      if (!c) return; // lost: the dispatcher resyncs from the database when it takes over
      serial(() => c.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: opts.nodeId, s } satisfies Wire)])).catch(() => undefined);
    },
    async start() {
      await check();
      timer = setInterval(() => void check(), opts.checkMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      const c = client;
      client = undefined;
      setRole(false);
      // Ending the session frees the lock at once: a follower takes over on its next check.
      await c?.end().catch(() => undefined);
    },
  };
}
