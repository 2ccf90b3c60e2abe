/** Use case: the callback summary per service and period, read from the event log only. */
import type { Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import type { StoredEvent, Tx } from '../ports/store.js';
import { SummaryFold, type Interval } from './summary-fold.js';
import type { ReportSettings, SummaryRow } from './summary-row.js';

export interface SummaryQuery { from: Instant; to: Instant; interval: Interval; serviceId?: string; channel?: string }
export type SettingsOf = (serviceId: string) => ReportSettings;

const PAGE = 5_000;
/** Live callers queued before `to` are followed this long after it to see how their wait ended. */
const LIVE_TAIL_MS = 4 * 3_600_000;

/** Pages through the log between two instants (keyset on seq, so memory stays flat). */
export async function forEachEvent(ctx: AppContext, from: Instant, to: Instant, fn: (e: StoredEvent) => void): Promise<void> {
  for (let after = 0; ;) {
    const page = await ctx.store.read(async (tx) => await tx.events.between(from, to, after, PAGE));
    for (const e of page) fn(e);
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.seq;
  }
}

export async function callbackSummary(ctx: AppContext, settings: SettingsOf, q: SummaryQuery): Promise<SummaryRow[]> {
  const zones = new Map(ctx.catalog.services.map((s) => [s.id, ctx.catalog.calendarOf(s).timezone]));
  const fold = new SummaryFold({
    from: q.from, to: q.to, interval: q.interval, channel: q.channel, settings,
    zoneOf: (id) => (q.serviceId === undefined || id === q.serviceId ? zones.get(id) : undefined),
  });
  await forEachEvent(ctx, q.from, q.to, (e) => fold.add(e));
  // Callbacks requested in the range keep counting where they were requested: follow them on.
  const unfinished = fold.unfinished();
  if (unfinished.length) {
    await ctx.store.read(async (tx: Tx) => {
      for (const id of unfinished) for (const e of await tx.events.forCallback(id)) if (e.at >= q.to) fold.add(e);
    });
  }
  if (fold.liveUnsettled() > 0) {
    await forEachEvent(ctx, q.to, q.to + LIVE_TAIL_MS, (e) => { if (e.type.startsWith('LIVE_')) fold.add(e); });
  }
  return fold.result();
}
