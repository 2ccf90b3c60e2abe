/**
 * The metrics a platform team expects besides the storage ones: live queue gauges per service,
 * agents by state, today's EWT accuracy, and counters folded from the event log. Labels are
 * bounded: service ids from config, states/outcomes/results from fixed vocabularies.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AppContext } from '../../app/context.js';
import type { QueueSystem } from '../../app/queue/queue-system.js';
import type { SettingsOf } from '../../app/reports/callback-summary.js';
import { queueNow, todayRows } from '../../app/reports/realtime.js';
import type { SummaryRow } from '../../app/reports/summary-row.js';
import { EventCounters, type CounterName } from './event-counters.js';

export interface ReportMetricSources { ctx: AppContext; queue?: QueueSystem; settings: SettingsOf }

const COUNTERS: [CounterName, string, string, string[]][] = [
  ['offers', 'holdless_ivr_offers_total', 'IVR callback offers by result (offered, accepted, declined, abandoned)', ['service', 'result']],
  ['requested', 'holdless_callbacks_requested_total', 'Callbacks requested by channel', ['service', 'channel']],
  ['attempts', 'holdless_attempts_total', 'Dial attempts ended, by outcome', ['service', 'outcome']],
  ['ended', 'holdless_callbacks_ended_total', 'Callbacks that reached an end state', ['service', 'state']],
  ['live', 'holdless_live_calls_total', 'Live callers on hold by result (queued, answered, abandoned, left_for_callback)', ['service', 'result']],
  ['dispositions', 'holdless_dispositions_total', 'Disposition codes set by agents', ['service', 'code']],
  ['push', 'holdless_push_deliveries_total', 'Push notifications by step (requested, delivered, failed)', ['result']],
  ['webhook', 'holdless_webhook_deliveries_total', 'Webhook deliveries by result', ['result']],
  ['callIn', 'holdless_call_in_total', 'Call-in steps', ['service', 'step']],
];
const TODAY_CACHE_MS = 10_000;

export function registerReportMetrics(registry: Registry, { ctx, queue, settings }: ReportMetricSources): void {
  const counters = new EventCounters(ctx.store, new Set(ctx.catalog.services.map((s) => s.id)));
  for (const [name, metric, help, labelNames] of COUNTERS) {
    new Counter({
      name: metric, help, labelNames, registers: [registry],
      async collect() {
        await counters.refresh();
        this.reset();
        for (const v of counters.get(name)) this.inc(v.labels, v.n);
      },
    });
  }
  let today: { at: number; rows: Map<string, SummaryRow> } | undefined;
  const todayCached = async () => {
    const now = ctx.clock.now();
    if (!today || now - today.at > TODAY_CACHE_MS) today = { at: now, rows: await todayRows(ctx, settings, now) };
    return today.rows;
  };
  new Gauge({
    name: 'holdless_ewt_mean_absolute_error_seconds', help: "Today's EWT mean absolute error (predicted at join vs actual wait)",
    labelNames: ['service'], registers: [registry],
    async collect() {
      this.reset();
      for (const [service, r] of await todayCached()) {
        const mae = r.ewtAccuracy.atJoin.meanAbsoluteErrorSeconds;
        if (mae !== null) this.set({ service }, mae);
      }
    },
  });
  new Gauge({
    name: 'holdless_ewt_relative_squared_error', help: "Today's EWT relative squared error (MSE / mean wait²)", labelNames: ['service'], registers: [registry],
    async collect() {
      this.reset();
      for (const [service, r] of await todayCached()) {
        const rse = r.ewtAccuracy.atJoin.relativeSquaredError;
        if (rse !== null) this.set({ service }, rse);
      }
    },
  });
  if (!queue) return;
  new Gauge({
    name: 'holdless_queue_length', help: 'Entries waiting now, by kind (live call on hold, callback)', labelNames: ['service', 'kind'], registers: [registry],
    collect() {
      this.reset();
      for (const n of queueNow(ctx, queue, ctx.clock.now())) {
        this.set({ service: n.serviceId, kind: 'live' }, n.live);
        this.set({ service: n.serviceId, kind: 'callback' }, n.callback);
      }
    },
  });
  new Gauge({
    name: 'holdless_queue_oldest_age_seconds', help: 'Age of the longest-waiting entry (0 when empty)', labelNames: ['service'], registers: [registry],
    collect() {
      for (const n of queueNow(ctx, queue, ctx.clock.now())) this.set({ service: n.serviceId }, n.oldestWaitSeconds ?? 0);
    },
  });
  new Gauge({
    name: 'holdless_ewt_seconds', help: 'EWT for a new entry now (absent while unknown)', labelNames: ['service'], registers: [registry],
    collect() {
      this.reset();
      for (const n of queueNow(ctx, queue, ctx.clock.now())) if (n.ewtSeconds !== null) this.set({ service: n.serviceId }, n.ewtSeconds);
    },
  });
  new Gauge({
    name: 'holdless_agents', help: 'Agents by state', labelNames: ['state'], registers: [registry],
    collect() {
      this.reset();
      for (const [state, n] of Object.entries(queue.board.countByState())) this.set({ state }, n);
    },
  });
}
