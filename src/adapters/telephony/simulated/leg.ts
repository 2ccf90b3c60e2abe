import type { CallLeg, CollectOptions, CollectResult, HangupCause, InboundCall, MediaResult } from '../../../app/ports/call-control.js';
import type { Scheduler, TimerHandle } from '../../../sim/scheduler.js';

/** Digits a simulated person enters, one string per playCollect; undefined = says nothing. */
export interface DigitScript {
  digits: (string | undefined)[];
  /** Delay after the prompts before the digits arrive. */
  afterMs?: number;
  /** A caller who answers what is asked (the prompts of this playCollect); replaces `digits`. */
  respond?: (prompts: string[]) => string | undefined;
}

/** How long a prompt plays, in ms: one length for all, or per prompt key and language (e.g. the recorded WAV's). */
export type PromptLength = number | ((prompt: string, language: string) => number);

/** Playing time of a list of prompts. */
export function promptsMs(length: PromptLength, prompts: readonly string[], language: string): number {
  if (typeof length === 'number') return prompts.length * length;
  let ms = 0;
  for (const p of prompts) ms += length(p, language);
  return ms;
}

/**
 * One simulated call leg. Prompts take `promptMs` each (or their own length); a scripted person answers playCollect
 * with the next digits; every media operation resolves on completion, timeout or hang-up.
 */
export class SimulatedLeg implements CallLeg {
  private endedBy: HangupCause | undefined;
  private readonly listeners: ((cause: HangupCause) => void)[] = [];
  private readonly waiters = new Set<() => void>();
  private holdTimer: TimerHandle | undefined;
  holding = false;
  readonly played: string[] = [];

  constructor(
    readonly id: string,
    protected readonly scheduler: Scheduler,
    private readonly digits: DigitScript = { digits: [] },
    private readonly promptMs: PromptLength = 1000,
  ) {}

  get ended(): boolean {
    return this.endedBy !== undefined;
  }

  get endCause(): HangupCause | undefined {
    return this.endedBy;
  }

  async play(prompts: string[], language: string): Promise<MediaResult> {
    this.played.push(...prompts);
    const r = await this.wait(promptsMs(this.promptMs, prompts, language));
    return r === 'hangup' ? { kind: 'hangup' } : { kind: 'done' };
  }

  async playCollect(opts: CollectOptions): Promise<CollectResult> {
    this.played.push(...opts.prompts);
    const next = this.digits.respond ? this.digits.respond(opts.prompts) : this.digits.digits.shift();
    const promptTime = promptsMs(this.promptMs, opts.prompts, opts.language);
    if (next === undefined) {
      const r = await this.wait(promptTime + opts.timeoutMs);
      return r === 'hangup' ? { kind: 'hangup' } : { kind: 'timeout' };
    }
    const r = await this.wait(Math.min(promptTime + (this.digits.afterMs ?? 500), promptTime + opts.timeoutMs));
    return r === 'hangup' ? { kind: 'hangup' } : { kind: 'digits', digits: next.slice(0, opts.maxDigits) };
  }

  startHold(prompts: string[], _language: string): void {
    if (this.ended) return;
    this.played.push(...prompts);
    this.holding = true;
  }

  async stopHold(): Promise<void> {
    this.holding = false;
    this.holdTimer?.cancel();
  }

  async hangup(): Promise<void> {
    this.end('local');
  }

  onHangup(listener: (cause: HangupCause) => void): void {
    if (this.endedBy !== undefined) listener(this.endedBy);
    else this.listeners.push(listener);
  }

  /** The far end hangs up (the scripted person or agent). */
  remoteHangup(): void {
    this.end('remote');
  }

  /** Hang up from the far end after `ms` unless the leg ended before. */
  remoteHangupAfter(ms: number): TimerHandle {
    return this.scheduler.setTimer(ms, () => this.remoteHangup());
  }

  end(cause: HangupCause): void {
    if (this.endedBy !== undefined) return;
    this.endedBy = cause;
    this.holding = false;
    for (const w of [...this.waiters]) w();
    for (const l of this.listeners.splice(0)) l(cause);
  }

  /** Resolves 'done' after ms, or 'hangup' as soon as the leg ends. */
  private wait(ms: number): Promise<'done' | 'hangup'> {
    if (this.ended) return Promise.resolve('hangup');
    return new Promise((resolve) => {
      const onEnd = () => {
        timer.cancel();
        this.waiters.delete(onEnd);
        resolve('hangup');
      };
      const timer = this.scheduler.setTimer(ms, () => {
        this.waiters.delete(onEnd);
        resolve('done');
      });
      this.waiters.add(onEnd);
    });
  }
}

export class SimulatedInboundCall extends SimulatedLeg implements InboundCall {
  answered = false;
  rejectedWith: number | undefined;

  constructor(
    id: string,
    scheduler: Scheduler,
    readonly from: string,
    readonly to: string,
    digits: DigitScript,
    promptMs: PromptLength,
    private readonly patienceMs: number | undefined,
  ) {
    super(id, scheduler, digits, promptMs);
  }

  async answer(): Promise<void> {
    this.answered = true;
  }

  async reject(sipStatus: number): Promise<void> {
    this.rejectedWith = sipStatus;
    this.end('local');
  }

  /** A caller on hold gives up after their patience. */
  override startHold(prompts: string[], language: string): void {
    const first = !this.holding && this.patienceTimer === undefined;
    super.startHold(prompts, language);
    if (first && this.patienceMs !== undefined && !this.ended) this.patienceTimer = this.scheduler.setTimer(this.patienceMs, () => { if (this.holding) this.remoteHangup(); });
  }

  override async stopHold(): Promise<void> {
    this.patienceTimer?.cancel();
    await super.stopHold();
  }

  private patienceTimer: TimerHandle | undefined;
}
