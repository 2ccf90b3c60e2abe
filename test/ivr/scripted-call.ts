import type {
  CollectOptions, CollectResult, HangupCause, InboundCall, MediaResult,
} from '../../src/app/ports/call-control.js';

/** What the scripted caller does at the next playCollect: press keys, stay silent, or hang up. */
export type CallerAction = string | { timeout: true } | { hangup: true } | { error: true };
export const SILENT: CallerAction = { timeout: true };
export const HANGUP: CallerAction = { hangup: true };

/**
 * A caller driven by a script of key presses. Every prompt played is recorded; when the script
 * runs out the caller hangs up, so a test can never hang on a flow that keeps asking.
 */
export class ScriptedCall implements InboundCall {
  readonly id = 'call-1';
  ended = false;
  answered = false;
  readonly played: string[][] = [];
  readonly collects: CollectOptions[] = [];
  private listeners: ((c: HangupCause) => void)[] = [];
  /** Runs before each playCollect answers (e.g. to advance a clock or connect a queue entry). */
  beforeCollect?: (n: number) => void | Promise<void>;

  constructor(private readonly script: CallerAction[], readonly from = '+4930123456', readonly to = '+4930999') {}

  get prompts(): string[] {
    return this.played.flat();
  }

  async answer(): Promise<void> { this.answered = true; }
  async reject(): Promise<void> { this.end('local'); }

  async play(prompts: string[]): Promise<MediaResult> {
    if (this.ended) return { kind: 'hangup' };
    this.played.push(prompts);
    return { kind: 'done' };
  }

  async playCollect(opts: CollectOptions): Promise<CollectResult> {
    if (this.ended) return { kind: 'hangup' };
    this.played.push(opts.prompts);
    this.collects.push(opts);
    await this.beforeCollect?.(this.collects.length);
    const action = this.script.shift() ?? HANGUP;
    if (typeof action === 'string') return { kind: 'digits', digits: action };
    if ('timeout' in action) return { kind: 'timeout' };
    if ('error' in action) return { kind: 'error', detail: 'scripted media error' };
    this.end('remote');
    return { kind: 'hangup' };
  }

  startHold(): void {}
  async stopHold(): Promise<void> {}
  async hangup(): Promise<void> { this.end('local'); }
  onHangup(listener: (cause: HangupCause) => void): void { this.listeners.push(listener); }

  private end(cause: HangupCause): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.listeners) l(cause);
  }
}
