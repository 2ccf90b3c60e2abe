import { randomUUID } from 'node:crypto';
import type {
  CollectOptions, CollectResult, HangupCause, InboundCall, MediaResult,
} from '../../../app/ports/call-control.js';
import { FsmrfLeg, type LegTimeouts, type PromptPath } from './fsmrf-leg.js';
import { raceMedia } from './media-race.js';
import type { MediaServerLike, SipRequestLike, SipResponseLike } from './types.js';

/**
 * An inbound INVITE before and after answer. answer() runs ms.connectCaller (fsmrf answers
 * the caller with FreeSWITCH's SDP); everything after delegates to the FsmrfLeg.
 * A CANCEL before answer ends the call; if it races the answer, the new leg is torn down.
 */
export class DrachtioInboundCall implements InboundCall {
  readonly id = randomUUID();
  readonly from: string;
  readonly to: string;
  private leg?: FsmrfLeg;
  private canceled = false;
  private endedBeforeAnswer = false;
  private listeners: ((c: HangupCause) => void)[] = [];

  constructor(
    private readonly req: SipRequestLike,
    private readonly res: SipResponseLike,
    private readonly ms: () => MediaServerLike | undefined,
    private readonly promptPath: PromptPath,
    private readonly timeouts?: LegTimeouts,
    private readonly answerTimeoutMs = 8_000,
  ) {
    this.from = req.callingNumber ?? '';
    this.to = req.calledNumber ?? '';
    req.once('cancel', () => {
      this.canceled = true;
      if (!this.leg) this.finishBeforeAnswer('remote');
    });
  }

  get ended(): boolean {
    return this.endedBeforeAnswer || (this.leg?.ended ?? false);
  }

  async answer(): Promise<void> {
    if (this.leg || this.ended) return;
    const ms = this.ms();
    if (!ms) {
      await this.reject(503);
      return;
    }
    const signal = { ended: false, whenEnded: new Promise<void>(() => undefined) };
    const connecting = ms.connectCaller(this.req, this.res);
    const r = await raceMedia(() => connecting, signal, this.answerTimeoutMs);
    if (r.kind !== 'done') {
      // fsmrf #73: a connectCaller that fails late may leave a half-open call; refuse it cleanly,
      // and if it still completes after our timeout, tear down what it created (seen under overload).
      if (r.kind === 'timeout') void connecting.then(destroyLate, () => undefined);
      if (!this.canceled) this.safeSend(r.kind === 'timeout' ? 503 : 500);
      this.finishBeforeAnswer('error');
      return;
    }
    this.leg = new FsmrfLeg(this.id, r.value.endpoint, r.value.dialog, this.promptPath, this.timeouts);
    for (const l of this.listeners.splice(0)) this.leg.onHangup(l);
    if (this.canceled) await this.leg.hangup(); // CANCEL raced our 200 OK
  }

  async reject(sipStatus: number): Promise<void> {
    if (this.leg || this.ended) return;
    this.safeSend(sipStatus);
    this.finishBeforeAnswer('local');
  }

  play(prompts: string[], language: string): Promise<MediaResult> {
    return this.leg ? this.leg.play(prompts, language) : Promise.resolve({ kind: 'hangup' });
  }

  playCollect(opts: CollectOptions): Promise<CollectResult> {
    return this.leg ? this.leg.playCollect(opts) : Promise.resolve({ kind: 'hangup' });
  }

  startHold(prompts: string[], language: string): void { this.leg?.startHold(prompts, language); }
  async stopHold(): Promise<void> { await this.leg?.stopHold(); }

  async hangup(): Promise<void> {
    if (this.leg) await this.leg.hangup();
    else await this.reject(480);
  }

  onHangup(listener: (cause: HangupCause) => void): void {
    if (this.leg) this.leg.onHangup(listener);
    else if (this.endedBeforeAnswer) listener('remote');
    else this.listeners.push(listener);
  }

  /** The answered leg (for bridging); undefined before answer. */
  get answeredLeg(): FsmrfLeg | undefined {
    return this.leg;
  }

  private finishBeforeAnswer(cause: HangupCause): void {
    if (this.endedBeforeAnswer) return;
    this.endedBeforeAnswer = true;
    for (const l of this.listeners.splice(0)) l(cause);
  }

  private safeSend(status: number): void {
    try {
      if (!this.res.finalResponseSent) this.res.send(status);
    } catch { /* after a CANCEL the transaction is gone: nothing to answer */ }
  }
}

/** Endpoint and dialog of a connectCaller that finished after we gave up on it. */
function destroyLate({ endpoint, dialog }: { endpoint: { destroy(): unknown }; dialog: { destroy(): unknown } }): void {
  for (const part of [dialog, endpoint]) {
    try {
      void Promise.resolve(part.destroy()).catch(() => undefined);
    } catch { /* already gone */ }
  }
}
