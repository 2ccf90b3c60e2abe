/** Use case: a customer asks for a callback (web, app, IVR, agent). Committed before it is answered. */
import { HoldlessError } from '../../domain/errors.js';
import { OPEN_STATES, type Callback, type CallbackRequestContext, type Channel, type Instant, type ServiceDef } from '../../domain/model.js';
import { perNumberLimit, throttleSince, throttleVerdict } from '../../domain/abuse-rules.js';
import { checkNumber } from '../../domain/phone.js';
import type { AppContext } from '../context.js';
import type { Tx } from '../ports/store.js';
import { assertSlotHasRoom, expiryFor, resolveTiming, type Timing } from './timing.js';
import { renderCallback, type CallbackView } from './view.js';

export interface CallbackRequest extends CallbackRequestContext {
  serviceId?: string;
  subjectId?: string;
  phone: string;
  channel: Channel;
  slotStart?: Instant;
  desiredTime?: Instant;
  /** IVR callers keep their place in line: the time they entered the queue. */
  queuedSince?: Instant;
  /** The EWT the caller was told (IVR offer); else the queue's estimate at the request is recorded. */
  ewtSeconds?: number;
  idempotency?: { scope: string; key: string; fingerprint: string };
  /** Runs in the creating transaction after the insert (e.g. a call-in's push target), so both commit together. */
  inTx?: (tx: Tx, cb: Callback) => Promise<void>;
  /** A follow-up booked by an agent: this (still open) callback of the same number is not counted. */
  followUpOf?: string;
}

export interface CallbackCreated { view: CallbackView; replayed: boolean }

export function resolveService(ctx: AppContext, req: { serviceId?: string; subjectId?: string }): {
  service: ServiceDef; subjectId?: string;
} {
  if (req.subjectId !== undefined) {
    const subject = ctx.catalog.subject(req.subjectId, 'subjectId');
    if (req.serviceId !== undefined && req.serviceId !== subject.serviceId) {
      throw new HoldlessError('SUBJECT_SERVICE_MISMATCH', `Subject '${subject.id}' belongs to service '${subject.serviceId}'.`, { field: 'serviceId' });
    }
    return { service: ctx.catalog.service(subject.serviceId), subjectId: subject.id };
  }
  if (req.serviceId === undefined) {
    throw new HoldlessError('SERVICE_REQUIRED', 'Name a service or a subject.', { field: 'serviceId' });
  }
  return { service: ctx.catalog.service(req.serviceId, 'serviceId') };
}

export function normaliseNumber(ctx: AppContext, raw: string, service: ServiceDef): string {
  const check = checkNumber(raw, { defaultCountry: service.defaultCountry, rules: ctx.catalog.rulesFor(service) });
  if (!check.ok) throw new HoldlessError(check.code, check.message, { field: 'phone', ...(check.length ? { length: check.length } : {}) });
  return check.e164;
}

export async function requestCallback(ctx: AppContext, req: CallbackRequest): Promise<CallbackCreated> {
  const now = ctx.clock.now();
  const { service, subjectId } = resolveService(ctx, req);
  const phone = normaliseNumber(ctx, req.phone, service);
  const calendar = ctx.catalog.calendarOf(service);
  const timing = resolveTiming(service, calendar, req, now);
  const id = ctx.newId();
  // The EWT at the request, kept in the event: time saved and EWT accuracy are computed from it.
  const ewtSeconds = req.ewtSeconds ?? ctx.queue.ewtForNew(service.id, now);

  const result = await ctx.store.write(async (tx) => {
    const replay = await replayIfKnown(tx, req.idempotency);
    if (replay) return replay;
    await assertServiceThrottle(ctx, tx, service, now);
    await assertNumberLimits(ctx, tx, service, phone, now, req.followUpOf);
    if (timing.kind === 'slot') await assertSlotHasRoom(tx, service, calendar, timing.slotStart, now);
    const cb = newCallback({ id, req, service, subjectId, phone, timing, now, expiresAt: 0 });
    cb.expiresAt = expiryFor(service, calendar, cb.dueAt);
    await tx.callbacks.insert(cb);
    await req.inTx?.(tx, cb);
    if (cb.slotStart !== undefined) await tx.slots.adjust(service.id, cb.slotStart, +1);
    await tx.events.append({
      at: now, type: 'CALLBACK_CREATED', callbackId: cb.id, serviceId: service.id, toState: cb.state,
      data: { channel: cb.channel, subjectId: cb.subjectId ?? null, slotStart: cb.slotStart ?? null, ewtSeconds: ewtSeconds ?? null },
    });
    const view = await renderCallback(ctx, tx, cb, now);
    if (req.idempotency) {
      await tx.idempotency.put({ ...req.idempotency, status: 201, response: JSON.stringify(view), callbackId: cb.id, createdAt: now });
    }
    return { view, replayed: false, created: cb };
  });
  if ('created' in result && result.created) ctx.queue.callbackChanged(result.created);
  return { view: result.view, replayed: result.replayed };
}

async function replayIfKnown(tx: Tx, idem: CallbackRequest['idempotency']): Promise<{ view: CallbackView; replayed: true; created?: undefined } | undefined> {
  if (!idem) return undefined;
  const known = await tx.idempotency.get(idem.scope, idem.key);
  if (!known) return undefined;
  if (known.fingerprint !== idem.fingerprint) {
    throw new HoldlessError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body.', {});
  }
  return { view: JSON.parse(known.response) as CallbackView, replayed: true };
}

/** The service throttle (requests per window across all numbers): 429 SERVICE_THROTTLED with Retry-After. */
export async function assertServiceThrottle(ctx: AppContext, tx: Tx, service: ServiceDef, now: Instant): Promise<void> {
  const rules = ctx.catalog.rulesFor(service);
  const since = throttleSince(rules, now);
  if (since === undefined) return;
  const verdict = throttleVerdict(rules, await tx.callbacks.createdForServiceSince(service.id, since), now);
  if (!verdict.ok) {
    throw new HoldlessError('SERVICE_THROTTLED', `Service '${service.id}' takes no more requests right now; try again later.`, {
      retryAfterSeconds: verdict.retryAfterSeconds, rule: 'serviceThrottle',
    });
  }
}

async function assertNumberLimits(ctx: AppContext, tx: Tx, service: ServiceDef, phone: string, now: Instant, followUpOf?: string): Promise<void> {
  const serviceId = service.id;
  const rules = ctx.catalog.rulesFor(service);
  const limit = perNumberLimit(rules);
  if (await tx.callbacks.countCreatedForPhoneSince(phone, now - limit.windowMs) >= limit.count) {
    throw new HoldlessError('NUMBER_RATE_LIMITED', `Too many callback requests for this number in the last ${describeWindow(limit.windowMinutes)}.`, {
      field: 'phone', retryAfterSeconds: 60,
    });
  }
  const first = followUpOf !== undefined ? await tx.callbacks.get(followUpOf) : undefined;
  const firstStillOpen = first !== undefined && first.serviceId === serviceId && first.phone === phone && OPEN_STATES.includes(first.state);
  if (await tx.callbacks.countOpenForPhone(serviceId, phone) - (firstStillOpen ? 1 : 0) >= rules.maxOpenPerNumberPerService) {
    throw new HoldlessError('CALLBACK_ALREADY_OPEN', 'This number already has an open callback for this service.', { field: 'phone' });
  }
}

interface NewCallbackInput {
  id: string; req: CallbackRequest; service: ServiceDef; subjectId?: string; phone: string; timing: Timing; now: Instant; expiresAt: Instant;
}

function newCallback({ id, req, service, subjectId, phone, timing, now, expiresAt }: NewCallbackInput): Callback {
  const scheduled = timing.kind === 'slot';
  const slotStart = scheduled ? timing.slotStart : undefined;
  return {
    id,
    serviceId: service.id,
    subjectId,
    phone,
    state: scheduled ? 'SCHEDULED' : 'QUEUED',
    channel: req.channel,
    // A scheduled callback takes its place in line at its slot start; an IVR caller keeps theirs.
    queuedSince: slotStart ?? req.queuedSince ?? now,
    priority: service.priority,
    slotStart,
    desiredTime: scheduled ? timing.desiredTime : undefined,
    dueAt: slotStart !== undefined ? slotStart - service.leadMinutes * 60_000 : now,
    expiresAt,
    attempts: 0,
    firstName: req.firstName,
    lastName: req.lastName,
    customerId: req.customerId,
    language: req.language ?? service.language,
    notes: req.notes,
    context: req.context,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

const describeWindow = (minutes: number): string =>
  minutes % 1440 === 0 ? (minutes === 1440 ? '24 hours' : `${minutes / 1440} days`)
    : minutes % 60 === 0 ? (minutes === 60 ? 'hour' : `${minutes / 60} hours`) : `${minutes} minutes`;
