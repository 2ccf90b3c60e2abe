import { HoldlessError } from '../../domain/errors.js';
import type { Flow, FlowNode } from '../../domain/flow/flow-model.js';
import type { CollectResult, InboundCall } from '../ports/call-control.js';
import type { IvrBackend } from './ivr-backend.js';

/** Thrown inside verbs when the caller is gone; the runner ends the flow quietly. */
export class CallerGone extends Error {
  constructor() {
    super('caller hung up');
  }
}

export type FlowEnd = 'hangup' | 'caller_hangup' | 'connected' | 'transferred' | 'error';
export type Step = { kind: 'branch'; name: string } | { kind: 'end'; end: FlowEnd };
export const branch = (name: string): Step => ({ kind: 'branch', name });
export const end = (e: FlowEnd): Step => ({ kind: 'end', end: e });

export interface CollectSpec {
  prompts: string[];
  min?: number;
  max?: number;
  timeoutSeconds: number;
  terminator?: string;
}

/** One caller's run through a flow: the call, the backend and the flow variables. */
export class IvrSession {
  readonly vars: Record<string, string> = {};
  readonly startedAt: number;
  /** Kind of the last playCollect result (lets hold loops notice a broken media path). */
  lastCollect: CollectResult['kind'] = 'timeout';

  constructor(readonly flow: Flow, readonly call: InboundCall, readonly backend: IvrBackend) {
    this.vars.language = flow.defaultLanguage;
    this.startedAt = backend.clock.now();
  }

  get language(): string {
    return this.vars.language ?? this.flow.defaultLanguage;
  }

  now(): number {
    return this.backend.clock.now();
  }

  /** The service a verb works on: its own `service:` field, else the flow variable. */
  serviceOf(node: FlowNode): string {
    const own = (node.args as { service?: string }).service;
    const id = own ?? this.vars.service;
    if (!id) throw new HoldlessError('FLOW_NO_SERVICE', `${this.flow.file} ${node.id}: no service chosen before ${node.verb}`);
    return id;
  }

  async play(prompts: string[]): Promise<void> {
    if (prompts.length === 0) return;
    const r = await this.call.play(prompts, this.language);
    if (r.kind === 'hangup' || this.call.ended) throw new CallerGone();
    if (r.kind === 'error' || r.kind === 'timeout') this.backend.logger.warn({ prompts, result: r }, 'ivr prompt did not play');
  }

  /** Digits, or undefined on no input / media error. Throws CallerGone on hang-up. */
  async collect(spec: CollectSpec): Promise<string | undefined> {
    const r: CollectResult = await this.call.playCollect({
      prompts: spec.prompts,
      language: this.language,
      minDigits: spec.min ?? 1,
      maxDigits: spec.max ?? 1,
      timeoutMs: spec.timeoutSeconds * 1000,
      interDigitTimeoutMs: 3000,
      terminators: spec.terminator ?? '#',
      bargeIn: true,
    });
    this.lastCollect = r.kind;
    if (r.kind === 'hangup' || this.call.ended) throw new CallerGone();
    if (r.kind === 'error') this.backend.logger.warn({ detail: r.detail }, 'ivr collect failed');
    return r.kind === 'digits' && r.digits.length > 0 ? r.digits : undefined;
  }

  /** Ask a one-key question up to `attempts` times; returns the first key in `valid`, or undefined. */
  async choose(prompts: string[], valid: string[], timeoutSeconds: number, attempts: number, invalid: string[] = []): Promise<string | undefined> {
    let retryPrefix: string[] = [];
    for (let i = 0; i < attempts; i++) {
      const digits = await this.collect({ prompts: [...retryPrefix, ...prompts], timeoutSeconds });
      if (digits !== undefined && valid.includes(digits)) return digits;
      retryPrefix = digits !== undefined ? invalid : [];
    }
    return undefined;
  }
}
