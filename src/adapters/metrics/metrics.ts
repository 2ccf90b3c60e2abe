/**
 * Prometheus metrics at /metrics. Values are read at scrape time from their sources (the database,
 * the telephony links, the group committer), so no code path has to remember to count.
 */
import { access } from '../../app/access/roles.js';
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallControl } from '../../app/ports/call-control.js';
import type { SqliteStore } from '../sqlite/sqlite-store.js';
import type { Store } from '../../app/ports/store.js';
import type { PostgresStore } from '../postgres/postgres-store.js';
import { CALLBACK_STATES } from '../../domain/model.js';
import { registerReportMetrics, type ReportMetricSources } from './report-metrics.js';

const sqliteOf = (s: Store): SqliteStore | undefined => (s.driver === 'sqlite' ? (s as SqliteStore) : undefined);
const commitStats = (s: Store): { batches: number; writes: number; maxBatch: number } | undefined => {
  const pg = s.driver === 'postgres' ? (s as PostgresStore).committer.stats : undefined;
  return sqliteOf(s)?.committer.stats ?? (pg && { batches: pg.commits, writes: pg.writes, maxBatch: pg.maxBatch });
};

export interface MetricsSources { store: Store; telephony?: CallControl; reports?: ReportMetricSources }

export function createMetrics({ store, telephony, reports }: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'holdless_process_' });
  new Gauge({
    name: 'holdless_callbacks', help: 'Callbacks by service and state', labelNames: ['service', 'state'], registers: [registry],
    async collect() {
      this.reset();
      const rows = await store.read(async (tx) => await tx.queue.countByState([...CALLBACK_STATES]));
      for (const r of rows) this.set({ service: r.serviceId, state: r.state }, r.n);
    },
  });
  new Gauge({
    name: 'holdless_attempts', help: 'Dial attempts by outcome (open attempts have outcome "open")', labelNames: ['outcome'], registers: [registry],
    async collect() {
      this.reset();
      for (const r of await store.read(async (tx) => await tx.queue.attemptsByOutcome())) this.set({ outcome: r.outcome }, r.n);
    },
  });
  new Gauge({
    name: 'holdless_trunk_registered', help: 'carrier registration per trunk: 1 registered, 0 failed or registering, -1 not required', labelNames: ['trunk'], registers: [registry],
    collect() {
      for (const t of telephony?.links().trunks ?? []) this.set({ trunk: t.id }, t.registration === 'registered' ? 1 : t.registration === 'not-required' ? -1 : 0);
    },
  });
  new Gauge({
    name: 'holdless_telephony_link_up', help: '1 when the link is up, 0 when down, -1 when disabled', labelNames: ['link'], registers: [registry],
    collect() {
      const links = telephony?.links() ?? { signalling: 'disabled', media: 'disabled' };
      for (const [link, state] of Object.entries(links)) this.set({ link }, state === 'up' ? 1 : state === 'down' ? 0 : -1);
    },
  });
  new Gauge({
    name: 'holdless_group_commit', help: 'Group commit totals since start', labelNames: ['kind'], registers: [registry],
    collect() {
      const s = commitStats(store);
      if (!s) return;
      this.set({ kind: 'batches' }, s.batches);
      this.set({ kind: 'writes' }, s.writes);
      this.set({ kind: 'max_batch' }, s.maxBatch);
    },
  });
  if (reports) registerReportMetrics(registry, reports);
  return registry;
}

/** /metrics needs the metrics token (or an administrator/monitor) unless configured public. */
export function metricsRoute(registry: Registry, opts: { public: boolean } = { public: false }) {
  const routeAccess = opts.public ? access.public : access.roles('scraper', 'administrator', 'monitor');
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/metrics', { schema: { tags: ['health'], summary: 'Prometheus metrics (bearer metrics token)' }, config: { access: routeAccess } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()));
  };
}
