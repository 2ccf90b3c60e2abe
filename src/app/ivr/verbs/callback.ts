import type { FlowNode } from '../../../domain/flow/flow-model.js';
import { dayPrompts, digitPrompts, parseTypedTime, timePrompts } from '../../../domain/flow/speech.js';
import type { SlotChoice } from '../ivr-backend.js';
import { branch, type IvrSession, type Step } from '../session.js';

type Node<V extends FlowNode['verb']> = Extract<FlowNode, { verb: V }>;

/** The caller's ANI if it is a number we may call, else a typed number; read back and confirmed with 1. */
export async function confirmNumber(node: Node<'confirm_number'>, s: IvrSession): Promise<Step> {
  const a = node.args;
  const service = s.serviceOf(node);
  const ani = s.backend.checkNumber(s.call.from, service);
  let candidate = ani.ok ? ani.e164 : undefined;
  for (let i = 0; i < a.attempts; i++) {
    if (candidate === undefined) {
      const typed = await s.collect({ prompts: ['number_enter'], min: 3, max: 16, timeoutSeconds: a.timeoutSeconds, terminator: '#' });
      if (typed === undefined) continue;
      const checked = s.backend.checkNumber(typed, service);
      if (!checked.ok) {
        await s.play(['number_invalid']);
        continue;
      }
      candidate = checked.e164;
    }
    const digit = await s.collect({ prompts: ['number_intro', ...digitPrompts(candidate), 'number_confirm'], timeoutSeconds: a.timeoutSeconds });
    if (digit === '1') {
      s.vars.phone = candidate;
      return branch('next');
    }
    if (digit === '2') candidate = undefined; // "enter another number"
  }
  return branch('fail');
}

const slotPrompts = (slot: SlotChoice, language: string) => [...dayPrompts(slot.day), ...timePrompts(slot.localTime, language)];

function choose(s: IvrSession, slot: SlotChoice | undefined): Step {
  if (slot) {
    s.vars.slotStart = String(slot.start);
    s.vars.slotTime = slot.localTime;
    s.vars.slotDay = slot.day;
  } else {
    for (const k of ['slotStart', 'slotTime', 'slotDay']) delete s.vars[k];
  }
  return branch('next');
}

/** As soon as possible (1), one of the next slots read out (2), or the slot closest to a typed HHMM (3). */
export async function chooseTime(node: Node<'choose_time'>, s: IvrSession): Promise<Step> {
  const a = node.args;
  const service = s.serviceOf(node);
  for (let i = 0; i < a.attempts; i++) {
    const mode = await s.collect({ prompts: ['time_menu'], timeoutSeconds: a.timeoutSeconds });
    if (mode === '1') return choose(s, undefined);
    if (mode === '2') {
      const slots = await s.backend.nextSlots(service, s.now(), a.slots);
      if (slots.length === 0) { await s.play(['time_none']); continue; }
      const list = slots.flatMap((slot, n) => ['time_option', `num_${n + 1}`, ...slotPrompts(slot, s.language)]);
      const pick = await s.collect({ prompts: [...list, 'time_pick'], timeoutSeconds: a.timeoutSeconds });
      const slot = pick !== undefined ? slots[Number(pick) - 1] : undefined;
      if (slot) return choose(s, slot);
    }
    if (mode === '3') {
      const typed = await s.collect({ prompts: ['time_enter'], min: 3, max: 4, timeoutSeconds: a.timeoutSeconds, terminator: '#' });
      const hhmm = typed !== undefined ? parseTypedTime(typed) : undefined;
      if (!hhmm) continue;
      const [slot] = await s.backend.closestSlots(service, s.now(), hhmm, 1);
      if (!slot) { await s.play(['time_none']); continue; }
      const ok = await s.collect({ prompts: ['time_closest', ...slotPrompts(slot, s.language), 'time_confirm'], timeoutSeconds: a.timeoutSeconds });
      if (ok === '1') return choose(s, slot);
    }
  }
  return branch('fail');
}

/** Codes after which the next free slot is worth one more try (the service closed, or the slot filled, meanwhile). */
const RETRY_WITH_SLOT = new Set(['SERVICE_CLOSED', 'SLOT_FULL']);

/**
 * Registers the callback through the app's use case, then tells the caller when we will call.
 * "As soon as possible" while the service is closed means its next opening: the first free slot
 * is booked and announced (issue 14: after hours this used to be refused as SERVICE_CLOSED).
 */
export async function requestCallback(node: Node<'request_callback'>, s: IvrSession): Promise<Step> {
  const service = s.serviceOf(node);
  const phone = s.vars.phone;
  if (!phone) {
    s.backend.logger.warn({ node: node.id }, 'request_callback without a confirmed number');
    await s.play(['callback_failed']);
    return branch('fail');
  }
  if (s.vars.slotStart === undefined && !s.backend.serviceStatus(service, s.now()).open) {
    if (!await takeFirstFreeSlot(s, service)) return noSlotLeft(s);
  }
  let result = await register(s, service, phone);
  if (!result.ok && RETRY_WITH_SLOT.has(result.code)) {
    s.backend.logger.info({ code: result.code }, 'ivr callback: booking the first free slot instead');
    result = await takeFirstFreeSlot(s, service) ? await register(s, service, phone) : result;
    if (!result.ok && result.code === 'SERVICE_CLOSED') return noSlotLeft(s);
  }
  if (!result.ok) {
    s.backend.logger.warn({ code: result.code, message: result.message }, 'ivr callback refused');
    await s.play(['callback_failed']);
    return branch('fail');
  }
  s.vars.callbackId = result.id;
  const when = s.vars.slotStart !== undefined && s.vars.slotTime
    ? ['callback_at', ...dayPrompts(s.vars.slotDay as SlotChoice['day']), ...timePrompts(s.vars.slotTime, s.language)]
    : ['callback_asap'];
  await s.play(['callback_registered', ...when]);
  return branch('next');
}

function register(s: IvrSession, service: string, phone: string) {
  const slotStart = s.vars.slotStart !== undefined ? Number(s.vars.slotStart) : undefined;
  return s.backend.requestCallback({
    serviceId: service, phone, channel: 'ivr', language: s.language, slotStart,
    queuedSince: s.vars.queuedSince !== undefined ? Number(s.vars.queuedSince) : s.startedAt, ani: s.call.from,
    ewtSeconds: s.vars.ewtSeconds !== undefined ? Number(s.vars.ewtSeconds) : undefined,
  });
}

/** Sets the slot variables to the first free slot (after the one already tried, if any). */
async function takeFirstFreeSlot(s: IvrSession, service: string): Promise<boolean> {
  const tried = s.vars.slotStart !== undefined ? Number(s.vars.slotStart) : undefined;
  const slot = (await s.backend.nextSlots(service, s.now(), 2)).find((c) => c.start !== tried);
  if (!slot) return false;
  choose(s, slot);
  return true;
}

/** Closed and no free slot within the search window: say so (not "failed") and leave by fail. */
async function noSlotLeft(s: IvrSession): Promise<Step> {
  await s.play(['time_none']);
  return branch('fail');
}
