import type {
  CallLeg, CollectOptions, CollectResult, HangupCause, MediaResult,
} from '../../../app/ports/call-control.js';
import { bounded, raceMedia, type EndSignal } from './media-race.js';
import type { DialogLike, EndpointLike, MediaServerLike } from './types.js';

/** Where FreeSWITCH finds prompts/<lang>/<key>.wav (absolute path as FreeSWITCH sees it). */
export type PromptPath = (language: string, key: string) => string;

export interface LegTimeouts {
  /** Allowance per prompt file on top of the collect timeout (fsmrf reports no progress). */
  perPromptMs: number;
  /** Extra margin for every media call. */
  marginMs: number;
  /** Cleanup calls (destroy) are abandoned after this. */
  cleanupMs: number;
  /** When to hang up, by leg id, a FreeSWITCH channel fsmrf never handed over (leg-sweep.ts). */
  sweepMs?: readonly number[];
  /**
   * An answered caller whose ACK has not come by then is gone: drachtio BYEs it itself after
   * 64·T1 = 32 s without telling the app, so we end the leg (and its FreeSWITCH channel).
   */
  ackTimeoutMs?: number;
  /** Allowance per confirmation prompt file in the customer's one confirmation budget (dial-customer.ts). */
  confirmPromptMs?: number;
}
export const DEFAULT_LEG_TIMEOUTS: LegTimeouts = { perPromptMs: 20_000, marginMs: 5_000, cleanupMs: 3_000 };

/**
 * One call leg = a drachtio SIP dialog (caller/customer/agent side) paired with its FreeSWITCH
 * endpoint. fsmrf does not link the two: when either ends, this ends the other.
 */
export class FsmrfLeg implements CallLeg, EndSignal {
  ended = false;
  readonly whenEnded: Promise<void>;
  private markEnded!: () => void;
  private listeners: ((c: HangupCause) => void)[] = [];
  private holding = false;

  constructor(
    readonly id: string,
    readonly endpoint: EndpointLike,
    readonly dialog: DialogLike,
    private readonly promptPath: PromptPath,
    private readonly timeouts: LegTimeouts = DEFAULT_LEG_TIMEOUTS,
    /** The main event socket: ends the channel by uuid when the endpoint's own destroy does not. */
    private readonly reaper?: Pick<MediaServerLike, 'api'>,
  ) {
    this.whenEnded = new Promise((resolve) => { this.markEnded = resolve; });
    dialog.once('destroy', () => void this.end('remote'));
    endpoint.once('destroy', () => void this.end('error'));
  }

  async play(prompts: string[], language: string): Promise<MediaResult> {
    const files = prompts.map((k) => this.promptPath(language, k));
    const r = await raceMedia(() => this.endpoint.play(files), this, this.budget(files.length, 0));
    return r.kind === 'done' ? { kind: 'done' } : r;
  }

  async playCollect(opts: CollectOptions): Promise<CollectResult> {
    const files = opts.prompts.map((k) => this.promptPath(opts.language, k));
    // play_and_get_digits takes one file argument; file_string:// chains several (no spaces allowed).
    const file = files.length === 1 ? (files[0] as string) : `file_string://${files.join('!')}`;
    const r = await raceMedia(() => this.endpoint.playCollect({
      file, min: opts.minDigits, max: opts.maxDigits, tries: 1, timeout: opts.timeoutMs,
      digitTimeout: opts.interDigitTimeoutMs ?? 3000, terminators: opts.terminators ?? '#',
      // fsmrf's default regexp (\d+) refuses * and #; menus may use them.
      regexp: '[0-9*#]+', invalidFile: 'silence_stream://250',
    }), this, this.budget(files.length, opts.timeoutMs + (opts.interDigitTimeoutMs ?? 3000) * opts.maxDigits));
    if (r.kind === 'done') {
      const digits = r.value.digits ?? '';
      return digits.length > 0 ? { kind: 'digits', digits } : { kind: 'timeout' };
    }
    return r;
  }

  startHold(prompts: string[], language: string): void {
    if (this.holding) return;
    this.holding = true;
    void (async () => {
      while (this.holding && !this.ended) {
        const r = await this.play(prompts, language);
        if (r.kind !== 'done') break; // hang-up or a media problem: stop looping rather than spin
      }
      this.holding = false;
    })();
  }

  async stopHold(): Promise<void> {
    this.holding = false;
    await this.breakMedia();
  }

  /** Stops whatever FreeSWITCH is playing on this leg (before a bridge, or to end hold). */
  async breakMedia(): Promise<void> {
    if (this.ended) return;
    await bounded(() => this.endpoint.api('uuid_break', `${this.endpoint.uuid} all`), this.timeouts.cleanupMs);
  }

  async hangup(): Promise<void> {
    await this.end('local');
  }

  onHangup(listener: (cause: HangupCause) => void): void {
    if (this.ended) listener('local');
    else this.listeners.push(listener);
  }

  /** Ends both halves exactly once; each cleanup call is bounded so a dead FS cannot block it. */
  private async end(cause: HangupCause): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.holding = false;
    this.markEnded();
    for (const l of this.listeners.splice(0)) {
      try { l(cause); } catch { /* a listener's failure must not stop the teardown */ }
    }
    const [, destroyed] = await Promise.all([
      bounded(() => this.dialog.destroy(), this.timeouts.cleanupMs),
      bounded(async () => { await this.endpoint.destroy(); return true; }, this.timeouts.cleanupMs),
    ]);
    // The endpoint's outbound socket may be the stuck part: ask FreeSWITCH directly.
    if (!destroyed && this.reaper) await bounded(() => this.reaper!.api(`uuid_kill ${this.endpoint.uuid}`), this.timeouts.cleanupMs);
  }

  private budget(promptCount: number, extraMs: number): number {
    return promptCount * this.timeouts.perPromptMs + extraMs + this.timeouts.marginMs;
  }
}
