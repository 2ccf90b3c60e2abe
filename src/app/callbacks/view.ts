/** The public shape of a callback, as answered to API clients and stored for idempotent replays. */
import { formatLocalIso } from '../../domain/time.js';
import type { Attempt, Callback, Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../ports/store.js';

export interface CallbackView {
  id: string;
  serviceId: string;
  subjectId: string | null;
  state: string;
  reason: string | null;
  channel: string;
  scheduled: { slotStart: string; localStart: string } | null;
  position: number | null;
  ewtSeconds: number | null;
  attempts: number;
  createdAt: string;
  expiresAt: string;
}

const WAITING = new Set(['QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT']);

export const iso = (t: Instant): string => new Date(t).toISOString();
export const localIso = (t: Instant, zone: string): string => formatLocalIso(zone, t);

/** Position is 1-based and only for entries waiting in line; scheduled ones have none yet. */
export async function renderCallback(ctx: AppContext, tx: Tx, cb: Callback, now: Instant): Promise<CallbackView> {
  const service = ctx.catalog.service(cb.serviceId);
  const zone = ctx.catalog.calendarOf(service).timezone;
  const waiting = WAITING.has(cb.state);
  const position = !waiting ? null
    : ctx.queue.positionOf?.(cb) ?? await tx.callbacks.countAhead(cb.serviceId, cb.priority, cb.queuedSince, cb.id) + 1;
  return {
    id: cb.id,
    serviceId: cb.serviceId,
    subjectId: cb.subjectId ?? null,
    state: cb.state,
    reason: cb.reason ?? null,
    channel: cb.channel,
    scheduled: cb.slotStart !== undefined ? { slotStart: iso(cb.slotStart), localStart: localIso(cb.slotStart, zone) } : null,
    position,
    ewtSeconds: position !== null ? ctx.queue.ewtFor(cb, position, now) : null,
    attempts: cb.attempts,
    createdAt: iso(cb.createdAt),
    expiresAt: iso(cb.expiresAt),
  };
}

export interface AttemptView { number: number; outcome: string | null; sipCode: number | null; startedAt: string; endedAt: string | null }
export const renderAttempt = (a: Attempt): AttemptView => ({
  number: a.number,
  outcome: a.outcome ?? null,
  sipCode: a.sipCode ?? null,
  startedAt: iso(a.claimedAt),
  endedAt: a.endedAt !== undefined ? iso(a.endedAt) : null,
});
