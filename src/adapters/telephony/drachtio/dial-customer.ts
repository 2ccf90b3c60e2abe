import type { DialCustomerRequest, DialCustomerResult } from '../../../app/ports/call-control.js';
import { FsmrfLeg, type LegTimeouts, type PromptPath } from './fsmrf-leg.js';
import { bounded } from './media-race.js';
import { placeOutdial } from './outdial.js';
import { placeViaTrunks, type TrunkOrder } from './trunks.js';
import type { Log } from './connections.js';
import { outcomeForSipStatus, outcomeForTone } from './sip-outcome.js';
import type { MediaServerLike, SrfLike } from './types.js';

export interface CustomerDialContext {
  srf: SrfLike;
  ms: MediaServerLike;
  promptPath: PromptPath;
  /** Builds the request URI for an E.164 number (trunk host, or a proxy). */
  uriFor(e164: string): string;
  proxy?: string;
  /** mod_spandsp tone descriptor set: 1 North America, 44 UK, 49 Germany. */
  toneDescriptor: string;
  legTimeouts?: LegTimeouts;
  createEndpointTimeoutMs?: number;
  /** Carrier trunks with failover; when set, uriFor/proxy are not used. */
  trunks?: TrunkOrder;
  log?: Log;
  /** The wall clock for the dial's timing (tests inject one). */
  now?: () => number;
}

/**
 * The callback dial-out: ring with call-progress detection, then the "press 1" confirmation
 * (the decisive human signal) while mod_avmd listens for a voicemail beep.
 */
export async function dialCustomer(ctx: CustomerDialContext, req: DialCustomerRequest): Promise<DialCustomerResult> {
  const now = ctx.now ?? Date.now;
  const timing: { invitedAt: number; answeredAt?: number } = { invitedAt: now() };
  const result = await dialAndConfirm(ctx, req, () => { timing.answeredAt = now(); });
  return { ...result, timing: { ...timing, endedAt: now() } } as DialCustomerResult;
}

async function dialAndConfirm(ctx: CustomerDialContext, req: DialCustomerRequest, answered: () => void): Promise<DialCustomerResult> {
  const common = {
    legId: req.callId, sweepMs: ctx.legTimeouts?.sweepMs, signal: req.signal,
    callerId: req.callerId, callerName: req.callerName, ringTimeoutMs: req.ringTimeoutMs,
    headers: { 'X-Holdless-Call-Id': req.callId }, detectTones: { descriptor: ctx.toneDescriptor }, createEndpointTimeoutMs: ctx.createEndpointTimeoutMs,
  };
  const placed = ctx.trunks
    ? await placeViaTrunks(ctx.srf, ctx.ms, ctx.trunks, { ...common, to: req.to }, ctx.log)
    : await placeOutdial(ctx.srf, ctx.ms, { ...common, uri: ctx.uriFor(req.to), proxy: ctx.proxy });
  if (placed.kind === 'failed') {
    if (placed.stopped) return { outcome: 'NO_ANSWER', sipCode: placed.sipCode, detail: 'cancelled: holdless is stopping' };
    if (placed.tone) return { outcome: placed.tone, sipCode: placed.sipCode, detail: `${placed.tone} detected in early media` };
    if (placed.ringTimeout) return { outcome: 'NO_ANSWER', sipCode: placed.sipCode, detail: 'ring timeout' };
    if (placed.sipCode !== undefined) return { outcome: outcomeForSipStatus(placed.sipCode), sipCode: placed.sipCode, detail: placed.detail };
    return { outcome: 'NETWORK_ERROR', detail: placed.detail };
  }
  answered();
  const leg = new FsmrfLeg(req.callId, placed.endpoint, placed.dialog, ctx.promptPath, ctx.legTimeouts, ctx.ms);
  const watch = new MachineWatch(leg);
  placed.endpoint.on('tone', (evt: { tone?: string }) => {
    if (outcomeForTone(String(evt?.tone ?? '')) === 'FAX') watch.detected('FAX');
  });
  if (req.detectAnsweringMachine) {
    // Beep events can arrive twice, 1 ms apart: the first one decides.
    placed.endpoint.addCustomEventListener('avmd::beep', () => watch.detected('ANSWERING_MACHINE'));
    await bounded(() => placed.endpoint.execute('avmd_start', 'inbound_channel=1,outbound_channel=0'), 3_000);
  }
  const c = req.confirmation;
  // A far end that sends no RTP stalls play_and_get_digits (FreeSWITCH reads are paced by the
  // caller's packets): the whole dialogue gets one budget instead of a generous one per attempt.
  const budgetMs = c.attempts * (c.timeoutMs + c.prompts.length * (ctx.legTimeouts?.confirmPromptMs ?? CONFIRM_PROMPT_MS)) + CONFIRM_GRACE_MS;
  const deadline = new Deadline(budgetMs);
  try {
    for (let i = 0; i < c.attempts && !deadline.passed; i++) {
      const r = await Promise.race([
        leg.playCollect({ prompts: c.prompts, language: req.language, minDigits: 1, maxDigits: 1, timeoutMs: c.timeoutMs, terminators: '' }),
        watch.whenDetected, deadline.reached,
      ]);
      if (r.kind === 'detected' || r.kind === 'deadline') break; // a detection ends the attempt at once
      if (r.kind === 'hangup') return { outcome: 'NO_CONFIRM', sipCode: 200, detail: 'hung up before confirming' };
      if (r.kind === 'digits' && r.digits === c.digit && !watch.machine) {
        if (req.detectAnsweringMachine) await bounded(() => placed.endpoint.execute('avmd_stop'), 3_000);
        return { outcome: 'PERSON', leg, sipCode: 200 };
      }
    }
  } finally {
    deadline.clear();
  }
  // After the beep the machine records: leave the call-in message when the dialer asked for one.
  const voicemailLeft = watch.machine === 'ANSWERING_MACHINE' && req.voicemail
    ? (await leg.play(req.voicemail.prompts, req.language)).kind === 'done' : undefined;
  await leg.hangup();
  if (watch.machine) {
    const detail = watch.machine === 'FAX' ? 'fax tone after answer' : 'voicemail beep';
    return { outcome: watch.machine, sipCode: 200, detail, ...(voicemailLeft !== undefined ? { voicemailLeft } : {}) };
  }
  if (deadline.passed) return { outcome: 'NO_CONFIRM', sipCode: 200, detail: `no answer to the confirmation within ${budgetMs} ms (no media?)` };
  return { outcome: 'NO_CONFIRM', sipCode: 200, detail: `no "${c.digit}" after ${c.attempts} attempts` };
}

/** Allowance for playing one confirmation prompt file before FreeSWITCH starts its digit timer. */
const CONFIRM_PROMPT_MS = 4_000;
const CONFIRM_GRACE_MS = 2_000;

/** The first voicemail beep or fax tone after answer: stops the prompt and ends the wait for a digit. */
class MachineWatch {
  machine?: 'ANSWERING_MACHINE' | 'FAX';
  readonly whenDetected: Promise<{ kind: 'detected' }>;
  private resolve!: (v: { kind: 'detected' }) => void;
  constructor(private readonly leg: FsmrfLeg) {
    this.whenDetected = new Promise((r) => { this.resolve = r; });
  }
  detected(m: 'ANSWERING_MACHINE' | 'FAX'): void {
    if (this.machine) return;
    this.machine = m;
    this.resolve({ kind: 'detected' });
    void this.leg.breakMedia();
  }
}

class Deadline {
  passed = false;
  readonly reached: Promise<{ kind: 'deadline' }>;
  private timer?: NodeJS.Timeout;
  constructor(ms: number) {
    this.reached = new Promise((r) => { this.timer = setTimeout(() => { this.passed = true; r({ kind: 'deadline' }); }, ms); });
  }
  clear(): void { clearTimeout(this.timer); }
}
