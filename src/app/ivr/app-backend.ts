/** The IVR's view of holdless (IvrBackend) over the same use cases as the HTTP API. */
import { HoldlessError } from '../../domain/errors.js';
import { isOpenAt } from '../../domain/calendar.js';
import type { CalendarDef, Instant, Weekday } from '../../domain/model.js';
import { checkNumber } from '../../domain/phone.js';
import { closestFreeSlots, listSlots, type Slot } from '../../domain/slots.js';
import { addDays, localDateOf, localMinutesOf, parseHHMM, weekdayOf } from '../../domain/time.js';
import { requestCallback } from '../callbacks/request-callback.js';
import type { AppContext } from '../context.js';
import type { CallControl, InboundCall } from '../ports/call-control.js';
import { recordIvrAbandon, recordOfferStep } from '../reports/events.js';
import type { IvrBackend, IvrLogger, LiveQueueEntry, SlotChoice } from './ivr-backend.js';
import { callInMatcher } from '../callins/call-in-matcher.js';

const DAY = 86_400_000;
const SEARCH_DAYS = 7;

export interface AppIvrBackendDeps {
  ctx: AppContext;
  logger: IvrLogger;
  telephony: CallControl;
  /** The queue engine's live-call entry point. */
  enqueueLiveCall: (call: InboundCall, serviceId: string, opts: { language: string; queuedSince?: Instant; callInId?: string }) => Promise<LiveQueueEntry> | LiveQueueEntry;
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function choice(calendar: CalendarDef, slot: Slot, now: Instant): SlotChoice {
  const zone = calendar.timezone;
  const today = localDateOf(zone, now);
  const date = localDateOf(zone, slot.start);
  const day = date === today ? 'today' : date === addDays(today, 1) ? 'tomorrow' : (weekdayOf(date) as Weekday);
  return { start: slot.start, localTime: hhmm(localMinutesOf(zone, slot.start)), day };
}

export function createAppIvrBackend({ ctx, logger, telephony, enqueueLiveCall }: AppIvrBackendDeps): IvrBackend {
  const freeSlots = async (serviceId: string, now: Instant) => {
    const service = ctx.catalog.service(serviceId);
    const calendar = ctx.catalog.calendarOf(service);
    const to = now + Math.min(SEARCH_DAYS, service.horizonDays) * DAY;
    const booked = await ctx.store.read(async (tx) => await tx.slots.bookedBetween(service.id, now, to));
    return { calendar, slots: listSlots({ service, calendar, from: now, to, booked: (s) => booked.get(s) ?? 0 }).filter((s) => s.remaining > 0) };
  };
  return {
    clock: ctx.clock,
    logger,
    callIns: callInMatcher(ctx),
    serviceStatus(serviceId, now) {
      const service = ctx.catalog.service(serviceId);
      const calendar = ctx.catalog.calendarOf(service);
      const open = isOpenAt(calendar, now);
      const date = localDateOf(calendar.timezone, now);
      return {
        open,
        holiday: calendar.holidays.some((h) => h.date === date),
        // Worked out only when a verb reads it (the hours check does not; the offer and say_ewt do).
        get ewtSeconds() { return open ? ctx.queue.ewtForNew(serviceId, now) : null; },
        offer: service.offer,
      };
    },
    async nextSlots(serviceId, now, n) {
      const { calendar, slots } = await freeSlots(serviceId, now);
      return slots.slice(0, n).map((s) => choice(calendar, s, now));
    },
    async closestSlots(serviceId, now, localTime, n) {
      const { calendar, slots } = await freeSlots(serviceId, now);
      const minutes = parseHHMM(localTime);
      // The asked time today; if it has passed, the same time on the next day with free slots.
      for (let d = 0; d < SEARCH_DAYS; d++) {
        const date = addDays(localDateOf(calendar.timezone, now), d);
        const sameDay = slots.filter((s) => localDateOf(calendar.timezone, s.start) === date);
        const target = sameDay[0] && sameDay[0].start + (minutes - localMinutesOf(calendar.timezone, sameDay[0].start)) * 60_000;
        if (target === undefined || target < now) continue;
        return closestFreeSlots(sameDay, target, n)
          .sort((a, b) => Math.abs(a.start - target) - Math.abs(b.start - target))
          .map((s) => choice(calendar, s, now));
      }
      return [];
    },
    async requestCallback(req) {
      try {
        const created = await requestCallback(ctx, {
          serviceId: req.serviceId, phone: req.phone, channel: 'ivr', language: req.language,
          slotStart: req.slotStart, queuedSince: req.queuedSince, context: { ani: req.ani }, ewtSeconds: req.ewtSeconds,
        });
        return { ok: true, id: created.view.id };
      } catch (e) {
        if (e instanceof HoldlessError) return { ok: false, code: e.code, message: e.message };
        throw e;
      }
    },
    checkNumber(raw, serviceId) {
      const service = ctx.catalog.service(serviceId);
      const check = checkNumber(raw, { defaultCountry: service.defaultCountry, rules: ctx.catalog.rulesFor(service) });
      return check.ok ? { ok: true, e164: check.e164 } : { ok: false, code: check.code };
    },
    async enqueueLiveCall(call, serviceId, opts) {
      return enqueueLiveCall(call, serviceId, opts);
    },
    async recordOffer(step, e) {
      // A report event must never break the caller's flow: a failed write is logged and the flow goes on.
      await recordOfferStep(ctx, step, e).catch((err: unknown) => logger.warn({ err: String(err), step }, 'offer event not recorded'));
    },
    async recordIvrAbandon(e) {
      await recordIvrAbandon(ctx, e).catch((err: unknown) => logger.warn({ err: String(err) }, 'ivr hang-up event not recorded'));
    },
    async transfer(call, to) {
      const leg = await telephony.dialAgent({
        callId: ctx.newId(), agentId: `transfer:${to}`, sip: to, callerId: call.from, ringTimeoutMs: 30_000,
      });
      if (leg.outcome !== 'ANSWERED') return false;
      const bridged = await telephony.bridge(call, leg.leg);
      return bridged.kind === 'done';
    },
  };
}
