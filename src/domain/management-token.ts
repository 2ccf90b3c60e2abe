/**
 * Per-callback management tokens: the secret that only the requester received, needed for public
 * (no API key) cancel, reschedule and push answers. A token is an HMAC of the callback id under a
 * server secret, so nothing per callback is stored, an idempotent replay hands out the same token,
 * and a token for one callback is useless for any other.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'hlm_';

export function managementToken(secret: Uint8Array, callbackId: string): string {
  const mac = createHmac('sha256', secret).update(`callback:${callbackId}`).digest('base64url');
  return PREFIX + mac.slice(0, 32);
}

export function isManagementToken(secret: Uint8Array, callbackId: string, candidate: string | undefined): boolean {
  if (candidate === undefined) return false;
  const expected = Buffer.from(managementToken(secret, callbackId));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
