/**
 * A known day for the report tests, driven through the real use cases (dialer harness: real
 * SQLite file, fake clock, scripted telephony). The scenario table says what happens; the
 * driver records, from the telephony's and the agents' side, when things happened, so the tests
 * can derive the expected figures without reading the event log.
 */
import { cancelCallback } from '../../src/app/callbacks/manage-callback.js';
import { requestCallback } from '../../src/app/callbacks/request-callback.js';
import { recordIvrAbandon, recordOfferStep, type OfferKind, type OfferStep } from '../../src/app/reports/events.js';
import type { Harness } from '../dialer/harness.js';
import { FakeInbound, settle } from '../dialer/harness.js';

export type Dial = 'PERSON' | 'BUSY' | 'NO_ANSWER';
export interface PlannedCallback {
  name: string; channel: 'ivr' | 'web' | 'api'; phone: string; ewt: number; dials: Dial[];
  slot?: string; cancel?: boolean;
}

export const OFFERS: { callId: string; step: Exclude<OfferStep, 'offered'>; ewt: number; kind: OfferKind }[] = [
  { callId: 'c1', step: 'accepted', ewt: 300, kind: 'both' }, { callId: 'c2', step: 'accepted', ewt: 300, kind: 'immediate' },
  { callId: 'c3', step: 'accepted', ewt: 420, kind: 'both' }, { callId: 'c4', step: 'declined', ewt: 300, kind: 'immediate' },
  { callId: 'c5', step: 'declined', ewt: 300, kind: 'both' }, { callId: 'c6', step: 'abandoned', ewt: 600, kind: 'scheduled' },
];

/** Callers who hung up at a menu before any offer, once the flow had chosen billing. */
export const IVR_HANGUPS = [{ callId: 'c7', node: 'topic_menu' }, { callId: 'c8', node: 'greeting' }];

export const CALLBACKS: PlannedCallback[] = [
  { name: 'P1', channel: 'ivr', phone: '+4930111000001', ewt: 300, dials: ['PERSON'] },
  { name: 'P2', channel: 'ivr', phone: '+4930111000002', ewt: 300, dials: ['BUSY', 'PERSON'] },
  { name: 'P3', channel: 'ivr', phone: '+4930111000003', ewt: 420, dials: ['NO_ANSWER', 'NO_ANSWER', 'NO_ANSWER'] },
  { name: 'W1', channel: 'web', phone: '+4930111000004', ewt: 240, dials: ['PERSON'] },
  { name: 'W2', channel: 'web', phone: '+4930111000005', ewt: 240, dials: [], cancel: true },
  { name: 'S1', channel: 'api', phone: '+4930111000006', ewt: 180, dials: ['PERSON'], slot: '2026-03-02T10:00:00Z' },
];

/** Live callers who declined: c4 holds until an agent takes it, c5 hangs up after 30 s. */
export const LIVE = [{ callId: 'c4', hangUpAfterMs: undefined as number | undefined }, { callId: 'c5', hangUpAfterMs: 30_000 }];

export interface Observed {
  ids: Map<string, string>; // name → callback id
  createdAt: number;
  firstDialAt: Map<string, number>; // phone → first dial time
  connectedAt: Map<string, number>; // callback id or live entry id → time the agent was connected
  liveEntries: Map<string, string>; // callId → entry id
}

export async function morning(h: Harness, plan = CALLBACKS): Promise<Observed> {
  const ctx = h.app.parts.ctx;
  const seen: Observed = { ids: new Map(), createdAt: h.clock.now(), firstDialAt: new Map(), connectedAt: new Map(), liveEntries: new Map() };
  observe(h, seen);
  for (const o of OFFERS) {
    // The accept step names no kind here: the summary takes the one its call was offered.
    await recordOfferStep(ctx, 'offered', { serviceId: 'billing', callId: o.callId, ewtSeconds: o.ewt, offer: o.kind });
    await recordOfferStep(ctx, o.step, { serviceId: 'billing', callId: o.callId, ewtSeconds: o.ewt, reason: o.step === 'declined' ? 'DECLINE_DIGIT' : undefined });
  }
  for (const x of IVR_HANGUPS) await recordIvrAbandon(ctx, { serviceId: 'billing', callId: x.callId, node: x.node });
  for (const c of plan) {
    h.tel.script.set(c.phone, c.dials.length ? c.dials : ['PERSON']);
    const made = await requestCallback(ctx, {
      serviceId: 'billing', phone: c.phone, channel: c.channel, ewtSeconds: c.ewt, slotStart: c.slot ? Date.parse(c.slot) : undefined,
    });
    seen.ids.set(c.name, made.view.id);
    if (c.cancel) await cancelCallback(ctx, made.view.id, 'CUSTOMER_CANCELLED');
  }
  for (const l of LIVE) {
    const call = new FakeInbound(l.callId);
    const entry = await h.q.enqueueLiveCall(call, 'billing', { language: 'en' });
    seen.liveEntries.set(l.callId, entry.id);
    if (l.hangUpAfterMs !== undefined) setTimeoutOnClock(h, l.hangUpAfterMs, () => call.end());
  }
  await settle();
  return seen;
}

const pending: { at: number; fn: () => void }[] = [];
function setTimeoutOnClock(h: Harness, ms: number, fn: () => void): void { pending.push({ at: h.clock.now() + ms, fn }); }

/** What the telephony reports per outcome: seconds ringing, and (answered) seconds until the press of 1. */
export const DIAL_TIMES: Record<Dial, { ring: number; confirm?: number }> = { PERSON: { ring: 8, confirm: 5 }, BUSY: { ring: 3 }, NO_ANSWER: { ring: 30 } };

export function observe(h: Harness, seen: Observed): void {
  h.tel.onDial = (req) => { if (!seen.firstDialAt.has(req.to)) seen.firstDialAt.set(req.to, h.clock.now()); };
  h.tel.timing = (_req, outcome) => {
    const t = DIAL_TIMES[outcome as Dial];
    const invitedAt = h.clock.now();
    if (!t) return undefined;
    if (t.confirm === undefined) return { invitedAt, endedAt: invitedAt + t.ring * 1000 };
    return { invitedAt, answeredAt: invitedAt + t.ring * 1000, endedAt: invitedAt + (t.ring + t.confirm) * 1000 };
  };
  for (const agent of ['alice', 'bob']) {
    h.q.board.subscribe(agent, (e) => { if (e.type === 'connected') seen.connectedAt.set(e.interaction.id, e.at); });
  }
}

/** Time runs in 30-second steps; every connected call is ended by the customer at the next step. */
export async function runUntil(h: Harness, until: number): Promise<void> {
  while (h.clock.now() < until) {
    for (const leg of h.tel.customerLegs.values()) if (!leg.ended) leg.end();
    for (const leg of h.tel.agentLegs.values()) if (!leg.ended) leg.end();
    await settle();
    await h.advance(30_000);
    for (const p of pending.splice(0)) { if (p.at <= h.clock.now()) p.fn(); else pending.push(p); }
    await settle();
  }
}
