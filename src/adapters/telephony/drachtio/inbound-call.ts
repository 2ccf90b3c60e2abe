import { randomUUID } from 'node:crypto';
import type {
  CollectOptions, CollectResult, HangupCause, InboundCall, MediaResult,
} from '../../../app/ports/call-control.js';
import { FsmrfLeg, type LegTimeouts, type PromptPath } from './fsmrf-leg.js';
import { destroyParts, legHeaders, sweepLeg } from './leg-sweep.js';
import { raceMedia } from './media-race.js';
import type { MediaServerLike, SipRequestLike, SipResponseLike } from './types.js';

/** drachtio-server's own give-up for a missing ACK (64·T1), plus a margin for its BYE to go first. */
const ACK_TIMEOUT_MS = 33_000;

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
    const connecting = ms.connectCaller(this.req, this.res, { headers: legHeaders(this.id) });
    const r = await raceMedia(() => connecting, signal, this.answerTimeoutMs);
    if (r.kind !== 'done') {
      // fsmrf #73: a connectCaller that fails late may leave a half-open call; refuse it cleanly.
      // If it still completes after our timeout, tear down what it created; if it never does,
      // FreeSWITCH may still hold the channel it answered: end it by our leg id (overload, issue 14).
      if (r.kind === 'timeout') {
        void connecting.then(({ endpoint, dialog }) => destroyParts(dialog, endpoint), () => undefined);
        sweepLeg(ms, this.id, this.timeouts?.sweepMs, this.timeouts?.cleanupMs);
      }
      if (!this.canceled) this.safeSend(r.kind === 'timeout' ? 503 : 500);
      this.finishBeforeAnswer('error');
      return;
    }
    const leg = new FsmrfLeg(this.id, r.value.endpoint, r.value.dialog, this.promptPath, this.timeouts, ms);
    this.leg = leg;
    for (const l of this.listeners.splice(0)) leg.onHangup(l);
    if (this.canceled) return void (await leg.hangup()); // CANCEL raced our 200 OK
    this.watchAck(leg);
  }

  /** No ACK for our 200 OK within the timeout: the caller never got the answer; end the leg. */
  private watchAck(leg: FsmrfLeg): void {
    const timer = setTimeout(() => void leg.hangup(), this.timeouts?.ackTimeoutMs ?? ACK_TIMEOUT_MS);
    timer.unref?.();
    leg.dialog.once('ack', () => clearTimeout(timer));
    leg.onHangup(() => clearTimeout(timer));
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
