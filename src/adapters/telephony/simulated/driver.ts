import type {
  CallControl, CallLeg, DialAgentRequest, DialAgentResult, DialCustomerRequest, DialCustomerResult, InboundCall, MediaResult, TelephonyLinks,
} from '../../../app/ports/call-control.js';
import { weightedPick, type Random } from '../../../sim/random.js';
import type { Scheduler } from '../../../sim/scheduler.js';
import { type PromptLength, SimulatedInboundCall, SimulatedLeg, promptsMs } from './leg.js';
import { type AgentScript, type CustomerBehaviour, type CustomerScript, DEFAULT_CUSTOMER_MIX, type InboundScript, SIP_CODE } from './scripts.js';

export interface DialRecord {
  kind: 'customer' | 'agent';
  callId: string;
  to: string;
  at: number;
}

export interface SimulatedDriverOptions {
  scheduler: Scheduler;
  random: Random;
  /** Per number: one script, or one per attempt in order (the last one repeats). */
  customers?: Record<string, CustomerScript | CustomerScript[]>;
  customerMix?: Partial<Record<CustomerBehaviour, number>>;
  agents?: Record<string, AgentScript>;
  defaultAgent?: AgentScript;
  /** Playing time of a prompt: one length for all (default 1 s), or per key and language. */
  promptMs?: PromptLength;
  defaults?: { ringMs: number; talkMs: number; patienceMs: number; detectMs: number };
}

const DEFAULTS = { ringMs: 8000, talkMs: 180_000, patienceMs: 120_000, detectMs: 3000 };

/**
 * Scripted telephony behind the CallControl port: customers, agents and inbound callers behave
 * as scripted, on the injected (virtual or real) scheduler. It records every dial so tests can
 * assert "never dialled twice".
 */
const CANCELLED_BY_STOP: DialCustomerResult = { outcome: 'NO_ANSWER', sipCode: 487, detail: 'cancelled: holdless is stopping' };

export class SimulatedCallControl implements CallControl {
  readonly dials: DialRecord[] = [];
  private readonly live = new Map<string, SimulatedLeg>();
  private readonly ringing = new Set<string>();
  private accepting = true;
  private readonly attemptsByNumber = new Map<string, number>();
  private inbound: ((call: InboundCall) => Promise<void>) | undefined;
  private up = true;
  private readonly d: typeof DEFAULTS;

  constructor(private readonly opts: SimulatedDriverOptions) {
    this.d = { ...DEFAULTS, ...opts.defaults };
  }

  links(): TelephonyLinks {
    const s = this.up ? 'up' : 'down';
    return { signalling: s, media: s };
  }

  canDial(): boolean {
    return this.up;
  }

  /** Simulate losing / regaining the network. */
  setLinksUp(up: boolean): void {
    this.up = up;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    for (const leg of this.live.values()) leg.end('local');
  }

  dialsTo(number: string): DialRecord[] {
    return this.dials.filter((d) => d.to === number);
  }

  async callExists(callId: string): Promise<'yes' | 'no' | 'unknown'> {
    return this.live.has(callId) || this.ringing.has(callId) ? 'yes' : 'no';
  }

  onInboundCall(handler: (call: InboundCall) => Promise<void>): void {
    this.inbound = handler;
  }

  /** A simulated caller rings the service line; resolves when the flow handler returns. */
  async simulateInbound(id: string, script: InboundScript): Promise<SimulatedInboundCall> {
    const call = new SimulatedInboundCall(id, this.opts.scheduler, script.from, script.to, { digits: [...(script.digits ?? [])], afterMs: script.digitDelayMs, respond: script.respond }, this.promptMs, script.patienceMs);
    if (!this.accepting) {
      await call.reject(503);
      return call;
    }
    this.track(call);
    if (this.inbound) await this.inbound(call);
    return call;
  }

  async dialCustomer(req: DialCustomerRequest): Promise<DialCustomerResult> {
    this.dials.push({ kind: 'customer', callId: req.callId, to: req.to, at: this.opts.scheduler.now() });
    if (!this.up) return { outcome: 'NETWORK_ERROR', sipCode: 503, detail: 'links down' };
    this.ringing.add(req.callId);
    const timing: { invitedAt: number; answeredAt?: number } = { invitedAt: this.opts.scheduler.now() };
    try {
      const result = await this.placeCustomerCall(req, timing);
      return { ...result, timing: { ...timing, endedAt: this.opts.scheduler.now() } } as DialCustomerResult;
    } finally {
      this.ringing.delete(req.callId);
    }
  }

  private async placeCustomerCall(req: DialCustomerRequest, timing: { answeredAt?: number }): Promise<DialCustomerResult> {
    const script = this.customerScript(req.to);
    const ringMs = script.ringMs ?? this.d.ringMs;
    const b = script.behaviour;
    if (b === 'NO_ANSWER' || ((b === 'PERSON' || b === 'NO_CONFIRM' || b === 'ANSWERING_MACHINE' || b === 'FAX') && ringMs >= req.ringTimeoutMs)) {
      if (!(await this.ring(req.ringTimeoutMs, req.signal))) return CANCELLED_BY_STOP;
      return { outcome: 'NO_ANSWER', sipCode: SIP_CODE.NO_ANSWER, detail: 'ring timeout' };
    }
    if (!(await this.ring(ringMs, req.signal))) return CANCELLED_BY_STOP;
    if (b === 'BUSY' || b === 'REJECTED' || b === 'INVALID_NUMBER' || b === 'NETWORK_ERROR' || b === 'SIT') return { outcome: b, sipCode: SIP_CODE[b] };
    timing.answeredAt = this.opts.scheduler.now(); // every path below answered (200 OK)
    if (b === 'FAX') return this.afterDetection('FAX', 'fax CED tone');
    if (b === 'ANSWERING_MACHINE' && req.detectAnsweringMachine) return this.leaveMessage(req, await this.afterDetection('ANSWERING_MACHINE', 'voicemail beep'));
    return this.confirm(req, script);
  }

  /** After the beep: the requested message is "recorded" (kept per number, for tests), one prompt at a time. */
  private async leaveMessage(req: DialCustomerRequest, detected: DialCustomerResult): Promise<DialCustomerResult> {
    if (!req.voicemail) return detected;
    await this.sleep(promptsMs(this.promptMs, req.voicemail.prompts, req.language));
    this.voicemails.push({ to: req.to, callId: req.callId, prompts: [...req.voicemail.prompts], language: req.language });
    return { ...detected, voicemailLeft: true } as DialCustomerResult;
  }

  /** Messages left on answering machines (call-in codes, issue 8). */
  readonly voicemails: { to: string; callId: string; prompts: string[]; language: string }[] = [];

  private async afterDetection(outcome: 'FAX' | 'ANSWERING_MACHINE', detail: string): Promise<DialCustomerResult> {
    await this.sleep(this.d.detectMs);
    return { outcome, sipCode: 200, detail };
  }

  /** Plays the "press 1" prompt until the person confirms or the attempts are used. */
  private async confirm(req: DialCustomerRequest, script: CustomerScript): Promise<DialCustomerResult> {
    const presses = script.behaviour === 'PERSON';
    const { digit, attempts, timeoutMs, prompts } = req.confirmation;
    const leg = new SimulatedLeg(req.callId, this.opts.scheduler, { digits: presses ? [digit] : [], afterMs: script.confirmAfterMs }, this.promptMs);
    this.track(leg);
    for (let i = 0; i < Math.max(1, attempts); i++) {
      const r = await leg.playCollect({ prompts, language: req.language, minDigits: 1, maxDigits: 1, timeoutMs });
      if (r.kind === 'hangup') return { outcome: 'NO_CONFIRM', sipCode: 200, detail: 'hung up before confirming' };
      if (r.kind === 'digits' && r.digits === digit) {
        const patience = leg.remoteHangupAfter(script.patienceMs ?? this.d.patienceMs);
        this.talkAfterBridge.set(leg, { talkMs: script.talkMs ?? this.d.talkMs, patience });
        return { outcome: 'PERSON', leg, sipCode: 200 };
      }
    }
    await leg.hangup();
    // An undetected answering machine never presses the digit either.
    return { outcome: 'NO_CONFIRM', sipCode: 200, detail: 'no confirmation digit' };
  }

  async dialAgent(req: DialAgentRequest): Promise<DialAgentResult> {
    this.dials.push({ kind: 'agent', callId: req.callId, to: req.sip, at: this.opts.scheduler.now() });
    if (!this.up) return { outcome: 'ERROR', detail: 'links down' };
    const script = this.opts.agents?.[req.agentId] ?? this.opts.defaultAgent ?? { answers: true };
    const ringMs = script.ringMs ?? 2000;
    if (!script.answers || ringMs >= req.ringTimeoutMs) {
      await this.sleep(req.ringTimeoutMs);
      return { outcome: 'NO_ANSWER', sipCode: 480 };
    }
    await this.sleep(ringMs);
    const leg = new SimulatedLeg(req.callId, this.opts.scheduler, { digits: [] }, this.promptMs);
    this.track(leg);
    if (req.whisper) await leg.play(req.whisper.prompts, req.whisper.language);
    return { outcome: 'ANSWERED', leg };
  }

  async bridge(a: CallLeg, b: CallLeg): Promise<MediaResult> {
    if (a.ended || b.ended) {
      if (!a.ended) await a.hangup();
      if (!b.ended) await b.hangup();
      return { kind: 'hangup' };
    }
    a.onHangup(() => void b.hangup());
    b.onHangup(() => void a.hangup());
    for (const leg of [a, b]) {
      const talk = leg instanceof SimulatedLeg ? this.talkAfterBridge.get(leg) : undefined;
      if (talk && leg instanceof SimulatedLeg) {
        talk.patience.cancel();
        leg.remoteHangupAfter(talk.talkMs);
      }
    }
    return { kind: 'done' };
  }

  private readonly talkAfterBridge = new WeakMap<SimulatedLeg, { talkMs: number; patience: { cancel(): void } }>();

  private get promptMs(): PromptLength {
    return this.opts.promptMs ?? 1000;
  }

  private customerScript(to: string): CustomerScript {
    const n = this.attemptsByNumber.get(to) ?? 0;
    this.attemptsByNumber.set(to, n + 1);
    const s = this.opts.customers?.[to];
    if (Array.isArray(s)) return s[Math.min(n, s.length - 1)] ?? { behaviour: 'PERSON' };
    if (s) return s;
    return { behaviour: weightedPick(this.opts.random, this.opts.customerMix ?? DEFAULT_CUSTOMER_MIX) };
  }

  private track(leg: SimulatedLeg): void {
    this.live.set(leg.id, leg);
    leg.onHangup(() => this.live.delete(leg.id));
  }

  /** Rings for ms; false when holdless stopping cancelled the dial first (our CANCEL, a 487). */
  private ring(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = this.opts.scheduler.setTimer(ms, () => { signal?.removeEventListener('abort', onAbort); resolve(true); });
      const onAbort = () => { timer.cancel(); resolve(false); };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Graceful stop: callers ringing in from now on get 503 and never reach a flow. */
  stopAccepting(): void {
    this.accepting = false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.opts.scheduler.setTimer(ms, resolve));
  }
}
