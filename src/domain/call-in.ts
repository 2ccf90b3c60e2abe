/**
 * Click-To-Call-In (issue 8) rules: the per-service policy with its defaults, what a typed access
 * code must look like, and the records of a call-in request. Pure: codes are drawn by the caller
 * (a CSPRNG in src/app), time comes in as `now`.
 */
import { digitPrompts, numberPrompts } from './flow/speech.js';
import type { CallInPolicy, CallbackRequestContext, Instant, ServiceDef } from './model.js';

export const DEFAULT_CALL_IN: CallInPolicy = {
  codeLength: 6, codeLifetimeMinutes: 15, keepPlace: true, pushedExpiryMinutes: 5, snoozeMinutes: 5, maxSnoozes: 2,
  voicemailMessage: false, voicemailKeepMinutes: 60,
};

export const callInPolicy = (service: ServiceDef): CallInPolicy => ({ ...DEFAULT_CALL_IN, ...service.callIn });

/** A code as typed: digits only, exactly the expected length (`*`, `#` or too few digits are not a code). */
export function isWellFormedCode(typed: string | undefined, lengths: readonly number[]): typed is string {
  return typed !== undefined && /^[0-9]+$/.test(typed) && lengths.includes(typed.length);
}

/** LIVE until it matches a caller (USED), runs out (EXPIRED) or its callback ends (CANCELLED). */
export type CallInState = 'LIVE' | 'USED' | 'EXPIRED' | 'CANCELLED';

/** Why an access code was issued: an app's request, a pushed callback the app accepted, a voicemail message. */
export type CallInOrigin = 'request' | 'accepted' | 'voicemail';

export interface CallIn extends CallbackRequestContext {
  id: string;
  serviceId: string;
  subjectId?: string;
  /** The callback whose place in line this call-in keeps (accepted push, voicemail message). */
  callbackId?: string;
  origin: CallInOrigin;
  /** E.164 of the caller when known: matched by ANI before asking for the code. */
  phone?: string;
  accessCode: string;
  state: CallInState;
  /** The place in line a matched caller takes when the service keeps places. */
  queuedSince: Instant;
  expiresAt: Instant;
  createdAt: Instant;
  usedAt?: Instant;
  /** Inbound call id that used the code. */
  usedBy?: string;
}

/** Does this call-in still match a caller at `now`? A used or expired code never matches again. */
export const isLive = (c: CallIn, now: Instant): boolean => c.state === 'LIVE' && c.expiresAt > now;

/** Prompt keys of the message left on an answering machine (each prompt exists in every language). */
export const VOICEMAIL_PROMPTS = ['vm_callin_intro', 'vm_callin_code', 'vm_callin_valid', 'vm_callin_goodbye', 'minute', 'minutes'] as const;

/**
 * "… call <number> and enter the access code <digits>. <digits> again. The code is valid for
 * <n> minutes. Thank you." The code is said twice: a machine cannot ask to hear it again.
 */
export function voicemailPrompts(number: string, code: string, minutes: number, language: string): string[] {
  const digits = digitPrompts(code);
  return [
    'vm_callin_intro', ...digitPrompts(number), 'vm_callin_code', ...digits, ...digits,
    'vm_callin_valid', ...numberPrompts(minutes, language), minutes === 1 ? 'minute' : 'minutes', 'vm_callin_goodbye',
  ];
}
