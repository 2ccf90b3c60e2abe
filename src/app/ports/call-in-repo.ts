import type { CallIn, CallInState } from '../../domain/call-in.js';
import type { Instant } from '../../domain/model.js';
import type { PushTarget } from '../../domain/push.js';

/** Call-in access codes (live, used, expired) and the push targets of call-in (delayed) callbacks. */
export interface CallInRepo {
  insert(c: CallIn): Promise<void>;
  get(id: string): Promise<CallIn | undefined>;
  /** The LIVE call-in with this code that has not run out at `now`. */
  liveByCode(code: string, now: Instant): Promise<CallIn | undefined>;
  /** The newest call-in ever issued with this code (any state), to tell "used" or "expired" from "unknown". */
  lastByCode(code: string): Promise<CallIn | undefined>;
  /** LIVE, unexpired call-ins of this caller number, newest first. */
  liveByPhone(phone: string, now: Instant): Promise<CallIn[]>;
  /** Is the code held by a LIVE row (even one that ran out but is not swept yet)? */
  codeHeld(code: string): Promise<CallIn | undefined>;
  /** LIVE → `to`; false when the row was not LIVE any more (someone else used or ended it). */
  end(id: string, to: Exclude<CallInState, 'LIVE'>, now: Instant, usedBy?: string): Promise<boolean>;
  /** LIVE rows whose expiresAt has come, oldest first. */
  expiring(now: Instant, limit: number): Promise<CallIn[]>;
  /** LIVE call-ins keeping the place of this callback. */
  liveForCallback(callbackId: string): Promise<CallIn[]>;
  putPush(callbackId: string, target: PushTarget, now: Instant): Promise<void>;
  push(callbackId: string): Promise<{ target: PushTarget; snoozes: number } | undefined>;
  setSnoozes(callbackId: string, snoozes: number): Promise<void>;
  /** Ids of open callbacks in call-in (delayed) mode (loaded at start into the dialer's view). */
  openDelayed(openStates: readonly string[]): Promise<string[]>;
}
