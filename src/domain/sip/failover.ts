/**
 * When a callback dial moves on to the next carrier trunk. A trunk that fails (5xx, no answer
 * at all to the INVITE, a transport error) says nothing about the customer, so the next trunk
 * may try; anything the customer's side answered (486 busy, 603 declined, 404, our own ring
 * timeout, a SIT tone) is the attempt's outcome and is never re-dialled elsewhere.
 */
export interface TrunkAttemptFailure {
  sipCode?: number;
  /** Our ring timer fired: the call was ringing, the customer did not answer. */
  ringTimeout: boolean;
  /** Any provisional response (100 excluded by drachtio) came back: the trunk is alive. */
  provisional: boolean;
  tone?: string;
}

export function failoverAfter(f: TrunkAttemptFailure): boolean {
  if (f.ringTimeout || f.tone) return false;
  if (f.sipCode === undefined) return true; // not sent / transport error
  if (f.sipCode >= 500 && f.sipCode < 600) return true;
  return f.sipCode === 408 && !f.provisional; // timer B: the trunk never answered
}
