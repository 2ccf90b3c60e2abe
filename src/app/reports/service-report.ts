/**
 * Historical report per service and local day, computed only from the append-only event log
 * (DESIGN.md invariant 5): requests by channel, outcomes of callbacks, dial attempts by outcome,
 * live callers queued, abandoned and moved to a callback.
 */
import type { Instant } from '../../domain/model.js';
import { localDateOf } from '../../domain/time.js';
import type { AppContext } from '../context.js';
import type { StoredEvent } from '../ports/store.js';

export interface DayReport {
  serviceId: string;
  date: string; // local date in the service calendar's zone
  requested: { total: number; byChannel: Record<string, number> };
  completed: number;
  cancelled: number;
  expired: number;
  failed: { total: number; byReason: Record<string, number> };
  attempts: { total: number; byOutcome: Record<string, number> };
  live: { queued: number; abandoned: number; tookCallback: number };
}

const empty = (serviceId: string, date: string): DayReport => ({
  serviceId, date, requested: { total: 0, byChannel: {} }, completed: 0, cancelled: 0, expired: 0,
  failed: { total: 0, byReason: {} }, attempts: { total: 0, byOutcome: {} }, live: { queued: 0, abandoned: 0, tookCallback: 0 },
});

const bump = (counts: Record<string, number>, key: string): void => { counts[key] = (counts[key] ?? 0) + 1; };

/** Adds one event to the report rows (pure: zoneOf maps a service to its calendar zone). */
export function addEvent(rows: Map<string, DayReport>, e: StoredEvent, zoneOf: (serviceId: string) => string | undefined): void {
  if (!e.serviceId) return;
  const zone = zoneOf(e.serviceId);
  if (!zone) return;
  const date = localDateOf(zone, e.at);
  const key = `${e.serviceId}|${date}`;
  let r = rows.get(key);
  if (!r) rows.set(key, (r = empty(e.serviceId, date)));
  const data = e.data ?? {};
  switch (e.type) {
    case 'CALLBACK_CREATED':
      r.requested.total++;
      bump(r.requested.byChannel, String(data.channel ?? 'unknown'));
      break;
    case 'CALLBACK_STATE':
      if (e.toState === 'COMPLETED') r.completed++;
      else if (e.toState === 'CANCELLED') r.cancelled++;
      else if (e.toState === 'EXPIRED') r.expired++;
      else if (e.toState === 'FAILED') {
        r.failed.total++;
        bump(r.failed.byReason, String(data.reason ?? 'unknown'));
      }
      break;
    case 'ATTEMPT_ENDED':
      r.attempts.total++;
      bump(r.attempts.byOutcome, String(data.outcome ?? 'unknown'));
      break;
    case 'LIVE_QUEUED': r.live.queued++; break;
    case 'LIVE_ABANDONED': r.live.abandoned++; break;
    case 'LIVE_LEFT_FOR_CALLBACK': r.live.tookCallback++; break;
  }
}

const PAGE = 5_000;

export async function serviceReport(ctx: AppContext, from: Instant, to: Instant, serviceId?: string): Promise<DayReport[]> {
  const zones = new Map(ctx.catalog.services.map((s) => [s.id, ctx.catalog.calendarOf(s).timezone]));
  const zoneOf = (id: string) => (serviceId === undefined || id === serviceId ? zones.get(id) : undefined);
  const rows = new Map<string, DayReport>();
  // Keyset paging over the log keeps memory flat for long ranges.
  for (let after = 0; ;) {
    const page = await ctx.store.read(async (tx) => await tx.events.between(from, to, after, PAGE));
    for (const e of page) addEvent(rows, e, zoneOf);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  return [...rows.values()].sort((a, b) => a.date.localeCompare(b.date) || a.serviceId.localeCompare(b.serviceId));
}
