/**
 * What a supervisor's wallboard shows per service, now: the live queue (from the queue engine)
 * and today's figures (the same summary fold over today's events, from local midnight).
 */
import type { Instant } from '../../domain/model.js';
import { startOfLocalDay } from '../agents/agent-service.js';
import type { AppContext } from '../context.js';
import type { QueueSystem } from '../queue/queue-system.js';
import { callbackSummary, type SettingsOf } from './callback-summary.js';
import type { SummaryRow } from './summary-row.js';

export interface QueueNow { serviceId: string; live: number; callback: number; oldestWaitSeconds: number | null; ewtSeconds: number | null }

export interface ServiceRealtime extends QueueNow {
  /** Today, from local midnight of the service's zone. */
  today: {
    offered: number; accepted: number; requested: number; answered: number; callbacksConnected: number; distributed: number;
    abandoned: number; serviceLevel: number | null; ewtMeanAbsoluteErrorSeconds: number | null;
  };
  /** Scheduled callbacks and retries due within the next hour (overdue ones included). */
  dueNextHour: number;
}

export interface Realtime { at: string; services: ServiceRealtime[]; agents: Record<string, number> }

const HOUR = 3_600_000;

/** The live queue per service, read from memory (no database work: cheap enough for every scrape). */
export function queueNow(ctx: AppContext, q: QueueSystem, now: Instant): QueueNow[] {
  const live = new Map<string, number>();
  for (const c of q.live.calls.values()) if (!c.connecting) live.set(c.entry.serviceId, (live.get(c.entry.serviceId) ?? 0) + 1);
  return ctx.catalog.services.map((s) => {
    const entries = q.engine.index.entries(s.id);
    const oldest = entries.reduce((m, e) => Math.min(m, e.queuedSince), Number.POSITIVE_INFINITY);
    const nLive = live.get(s.id) ?? 0;
    return {
      serviceId: s.id, live: nLive, callback: Math.max(0, entries.length - nLive),
      oldestWaitSeconds: Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : null,
      ewtSeconds: q.engine.ewtForNew(s.id, now),
    };
  });
}

/** Today's summary row per service (the 'total' row of a range from local midnight to now). */
export async function todayRows(ctx: AppContext, settings: SettingsOf, now: Instant): Promise<Map<string, SummaryRow>> {
  const out = new Map<string, SummaryRow>();
  for (const s of ctx.catalog.services) {
    const from = startOfLocalDay(ctx.catalog.calendarOf(s).timezone, now);
    const rows = await callbackSummary(ctx, settings, { from, to: now + 1, interval: 'day', serviceId: s.id });
    const total = rows.find((r) => r.period === 'total');
    if (total) out.set(s.id, total);
  }
  return out;
}

export async function realtime(ctx: AppContext, q: QueueSystem, settings: SettingsOf, now: Instant): Promise<Realtime> {
  const today = await todayRows(ctx, settings, now);
  const due = await ctx.store.read(async (tx) => await tx.callbacks.due(['SCHEDULED', 'RETRY_WAIT'], now + HOUR, 100_000));
  return {
    at: new Date(now).toISOString(),
    services: queueNow(ctx, q, now).map((n) => {
      const r = today.get(n.serviceId);
      return {
        ...n,
        today: {
          offered: r?.offers.offered ?? 0, accepted: r?.offers.accepted ?? 0, requested: r?.requested.total ?? 0,
          answered: r?.live.answered ?? 0, callbacksConnected: r?.connected ?? 0, distributed: (r?.live.answered ?? 0) + (r?.connected ?? 0),
          abandoned: (r?.live.abandoned ?? 0) + (r?.offers.abandoned ?? 0) + (r?.abandonedWaitingAgent ?? 0),
          serviceLevel: r?.live.serviceLevel ?? null, ewtMeanAbsoluteErrorSeconds: r?.ewtAccuracy.atJoin.meanAbsoluteErrorSeconds ?? null,
        },
        dueNextHour: due.filter((c) => c.serviceId === n.serviceId).length,
      };
    }),
    agents: q.board.countByState(),
  };
}
