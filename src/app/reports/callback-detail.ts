/**
 * Detail report: one row per callback with its timeline, from the callback row and its events
 * (every step is an event, invariant 5). Keyset-paged by id (time-ordered UUIDv7), so an export
 * walks any range page by page without holding it in memory.
 */
import { HoldlessError } from '../../domain/errors.js';
import { CALLBACK_STATES, type Callback, type CallbackState, type Instant } from '../../domain/model.js';
import { redactPhone } from '../../domain/phone.js';
import type { AppContext } from '../context.js';
import type { StoredEvent, Tx } from '../ports/store.js';

export interface DetailFilter {
  from: Instant; to: Instant; serviceId?: string; states?: CallbackState[]; channel?: string; phone?: string;
  afterId?: string; limit: number;
}

export interface DetailAttempt { number: number; startedAt: string; endedAt: string | null; outcome: string | null; sipCode: number | null; agentId: string | null }
export interface DetailStep { at: string; step: string; detail: string | null }

export interface DetailRow {
  id: string; serviceId: string; subjectId: string | null; channel: string; phone: string;
  requestedAt: string; slotStart: string | null; ewtSecondsAtRequest: number | null;
  state: string; endReason: string | null; endedAt: string | null;
  attempts: DetailAttempt[]; connectedAt: string | null; agentId: string | null;
  disposition: { code: string; notes: string | null } | null;
  timeline: DetailStep[];
}

const TERMINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED']);
const iso = (t: Instant | undefined | null): string | null => (t === undefined || t === null ? null : new Date(t).toISOString());

export function parseStates(raw: string | undefined): CallbackState[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const states = raw.split(',') as CallbackState[];
  const unknown = states.find((s) => !CALLBACK_STATES.includes(s));
  if (unknown) throw new HoldlessError('STATE_UNKNOWN', `Unknown state '${unknown}'.`, { field: 'state' });
  return states;
}

function step(e: StoredEvent): DetailStep {
  const d = e.data ?? {};
  const name = e.type === 'CALLBACK_STATE' || e.type === 'CALLBACK_CREATED' ? String(e.toState) : e.type;
  const detail = e.type === 'ATTEMPT_ENDED' ? `attempt ${String(d.attempt)}: ${String(d.outcome)}`
    : e.type === 'ATTEMPT_CLAIMED' ? `attempt ${String(d.attempt)}${e.agentId ? ` for ${e.agentId}` : ''}`
      : e.type === 'DISPOSITION' ? String(d.code) : d.reason ? String(d.reason) : null;
  return { at: new Date(e.at).toISOString(), step: name, detail };
}

export async function detailRow(tx: Tx, cb: Callback, showNumbers: boolean): Promise<DetailRow> {
  const events = await tx.events.forCallback(cb.id);
  const created = events.find((e) => e.type === 'CALLBACK_CREATED');
  const connected = events.find((e) => e.type === 'CALLBACK_STATE' && e.toState === 'CONNECTED');
  const end = events.find((e) => e.type === 'CALLBACK_STATE' && e.toState !== undefined && TERMINAL.has(e.toState));
  const disposition = [...events].reverse().find((e) => e.type === 'DISPOSITION');
  const ewt = created?.data?.ewtSeconds;
  return {
    id: cb.id, serviceId: cb.serviceId, subjectId: cb.subjectId ?? null, channel: cb.channel,
    phone: showNumbers ? cb.phone : redactPhone(cb.phone),
    requestedAt: new Date(cb.createdAt).toISOString(), slotStart: iso(cb.slotStart), ewtSecondsAtRequest: typeof ewt === 'number' ? ewt : null,
    state: cb.state, endReason: TERMINAL.has(cb.state) ? cb.reason ?? null : null, endedAt: iso(end?.at),
    attempts: (await tx.attempts.forCallback(cb.id)).map((a) => ({
      number: a.number, startedAt: new Date(a.claimedAt).toISOString(), endedAt: iso(a.endedAt), outcome: a.outcome ?? null,
      sipCode: a.sipCode ?? null, agentId: a.agentId ?? null,
    })),
    connectedAt: iso(connected?.at), agentId: connected?.agentId ?? cb.agentId ?? null,
    disposition: disposition ? { code: String(disposition.data?.code), notes: (disposition.data?.notes as string | null) ?? null } : null,
    timeline: events.map(step),
  };
}

/** One page of rows and the cursor of the next page (null at the end). */
export async function detailPage(ctx: AppContext, f: DetailFilter, showNumbers: boolean): Promise<{ rows: DetailRow[]; next: string | null }> {
  return ctx.store.read(async (tx) => {
    const rows: DetailRow[] = [];
    let after = f.afterId;
    // The channel is filtered here, not in SQL: keep reading until the page is full or the range ends.
    for (;;) {
      const batch = await tx.callbacks.list({
        serviceId: f.serviceId, states: f.states, phone: f.phone, createdFrom: f.from, createdTo: f.to, afterId: after, limit: f.limit,
      });
      for (const cb of batch) {
        after = cb.id;
        if (f.channel !== undefined && cb.channel !== f.channel) continue;
        rows.push(await detailRow(tx, cb, showNumbers));
        if (rows.length === f.limit) return { rows, next: cb.id };
      }
      if (batch.length < f.limit) return { rows, next: null };
    }
  });
}

/** All rows of a filter, page by page (for streamed exports). */
export async function* detailRows(ctx: AppContext, f: Omit<DetailFilter, 'limit' | 'afterId'>, showNumbers: boolean, pageSize = 500): AsyncGenerator<DetailRow> {
  let afterId: string | undefined;
  for (;;) {
    const page = await detailPage(ctx, { ...f, afterId, limit: pageSize }, showNumbers);
    yield* page.rows;
    if (page.next === null) return;
    afterId = page.next;
  }
}
