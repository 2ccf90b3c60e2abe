/** Access codes: digits from a CSPRNG, unique among the LIVE codes (checked here, enforced by the store's index). */
import { randomInt } from 'node:crypto';
import { HoldlessError } from '../../domain/errors.js';
import type { Instant } from '../../domain/model.js';
import type { Tx } from '../ports/store.js';

const TRIES = 20;

export function randomDigits(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String(randomInt(0, 10));
  return s;
}

/**
 * A code no LIVE call-in holds. A LIVE row that ran out but was not swept yet is ended here as
 * EXPIRED (the same transaction), so its digits can be drawn again without waiting for the sweep.
 */
export async function freshCode(tx: Tx, length: number, now: Instant, draw: (n: number) => string = randomDigits): Promise<string> {
  for (let i = 0; i < TRIES; i++) {
    const code = draw(length);
    const held = await tx.callIns.codeHeld(code);
    if (!held) return code;
    if (held.expiresAt <= now && await tx.callIns.end(held.id, 'EXPIRED', now)) {
      await tx.events.append({ at: now, type: 'CALL_IN_EXPIRED', serviceId: held.serviceId, callbackId: held.callbackId, data: { callInId: held.id } });
      return code;
    }
  }
  // 20 collisions in a row: the code space of this length is nearly full of live codes.
  throw new HoldlessError('CALL_IN_CODES_EXHAUSTED', 'No free access code; try again shortly.', {});
}
