import type { PhoneRegistrations } from '../registrar/registrar.js';
import type { AttemptOutcome, Instant } from '../../domain/model.js';

/**
 * The telephony port (DESIGN.md "Narrow port"). Only adapters see SIP dialogs and media endpoints.
 * Implemented by the drachtio/fsmrf adapter and by the simulated driver (src/testing or
 * src/adapters/telephony/simulated). Every media operation resolves (never hangs): on hang-up,
 * on timeout, or on completion.
 */

export type LinkState = 'up' | 'down' | 'disabled';
export interface TelephonyLinks {
  signalling: LinkState; // drachtio-server
  media: LinkState; // FreeSWITCH via fsmrf
  /** Carrier trunks and their outbound registration (drivers with trunks only). */
  trunks?: { id: string; registration: 'not-required' | 'registering' | 'registered' | 'failed'; expiresInSeconds?: number; lastStatus?: number }[];
}

export type HangupCause = 'remote' | 'local' | 'error';

export type MediaResult = { kind: 'done' } | { kind: 'hangup' } | { kind: 'timeout' } | { kind: 'error'; detail: string };

export type CollectResult =
  | { kind: 'digits'; digits: string }
  | { kind: 'timeout' } // no input at all
  | { kind: 'hangup' }
  | { kind: 'error'; detail: string };

export interface CollectOptions {
  prompts: string[]; // prompt keys (resolved per language by the adapter)
  language: string;
  minDigits: number;
  maxDigits: number;
  timeoutMs: number; // wait for the first digit after the prompts
  interDigitTimeoutMs?: number;
  terminators?: string; // e.g. '#'
  bargeIn?: boolean; // digits interrupt the prompts (default true)
}

/** One call leg (caller, customer or agent). */
export interface CallLeg {
  readonly id: string;
  readonly ended: boolean;
  play(prompts: string[], language: string): Promise<MediaResult>;
  playCollect(opts: CollectOptions): Promise<CollectResult>;
  /** Music or prompts on a loop until stopHold() or hang-up; never rejects. */
  startHold(prompts: string[], language: string): void;
  stopHold(): Promise<void>;
  hangup(): Promise<void>;
  /** Called once, when the leg ends for any reason. */
  onHangup(listener: (cause: HangupCause) => void): void;
}

export interface InboundCall extends CallLeg {
  readonly from: string; // ANI as received (not yet validated)
  readonly to: string; // dialled number (DNIS)
  answer(): Promise<void>;
  /** Refuse before answering (e.g. 503 while not ready, 480 closed). */
  reject(sipStatus: number): Promise<void>;
}

export interface DialCustomerRequest {
  callId: string; // chosen before the INVITE and stored with the attempt claim
  to: string; // validated E.164
  callerId: string;
  /** Display name with the caller id (the service's callerName). */
  callerName?: string;
  ringTimeoutMs: number;
  language: string;
  /** "This is your requested callback … press 1": played until confirmed or attempts used. */
  confirmation: { prompts: string[]; digit: string; attempts: number; timeoutMs: number };
  detectAnsweringMachine: boolean;
  /**
   * Aborted when holdless is stopping: a dial still ringing is cancelled (NO_ANSWER, detail
   * 'cancelled: stopping') so no customer reaches the confirmation while the process goes away.
   */
  signal?: AbortSignal;
  /** On a detected answering machine: leave this message after the beep, then hang up (call-in, issue 8). */
  voicemail?: { prompts: string[] };
}

/**
 * When the dial happened, on the driver's own clock (so the differences are exact even if it is
 * not the app's clock): INVITE sent, far end answered (200 OK; absent when it never did), and the
 * result (the press of 1, or the end of the call). Ring time = answer (or end) − INVITE;
 * confirmation time = end − answer.
 */
export interface DialTiming { invitedAt: Instant; answeredAt?: Instant; endedAt: Instant }

export type DialCustomerResult =
  | { outcome: 'PERSON'; leg: CallLeg; sipCode?: number; timing?: DialTiming }
  | { outcome: Exclude<AttemptOutcome, 'PERSON' | 'UNKNOWN'>; sipCode?: number; detail?: string; voicemailLeft?: boolean; timing?: DialTiming };

export interface DialAgentRequest {
  callId: string;
  agentId: string;
  sip: string; // agent contact URI
  callerId: string;
  ringTimeoutMs: number;
  whisper?: { prompts: string[]; language: string };
}

export type DialAgentResult =
  | { outcome: 'ANSWERED'; leg: CallLeg }
  | { outcome: 'NO_ANSWER' | 'REJECTED' | 'ERROR'; sipCode?: number; detail?: string };

export interface CallControl {
  links(): TelephonyLinks;
  /** True when calls can be placed now (both links up, or the simulated driver). */
  canDial(): boolean;
  dialCustomer(req: DialCustomerRequest): Promise<DialCustomerResult>;
  dialAgent(req: DialAgentRequest): Promise<DialAgentResult>;
  /** Connect two answered legs; resolves once bridged. When either side hangs up the other is hung up. */
  bridge(a: CallLeg, b: CallLeg): Promise<MediaResult>;
  onInboundCall(handler: (call: InboundCall) => Promise<void>): void;
  /** Graceful stop: new inbound calls are refused with 503 (the trunk fails over); calls in progress go on. */
  stopAccepting?(): void;
  /** Restart reconciliation: does a call with this id still exist on the media server? */
  callExists(callId: string): Promise<'yes' | 'no' | 'unknown'>;
  /** Drivers that receive REGISTER hand it to the registrar (called before start). */
  servePhoneRegistrations?(registrar: PhoneRegistrations): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
