/**
 * Use case: the app withdraws an immediate call-in (DELETE /v1/call-ins/{id}). LIVE → CANCELLED in
 * one write with CALL_IN_CANCELLED, so the code never matches afterwards. Cancelling twice answers
 * the same; a used or expired code cannot be cancelled (409). Codes that keep a callback's place
 * (accepted push, voicemail) end with that callback instead.
 */
import { HoldlessError } from '../../domain/errors.js';
import type { CallIn } from '../../domain/call-in.js';
import type { AppContext } from '../context.js';

export interface CancelledCallIn { id: string; serviceId: string; state: 'CANCELLED' }

const view = (c: CallIn): CancelledCallIn => ({ id: c.id, serviceId: c.serviceId, state: 'CANCELLED' });

function refuseEnded(c: CallIn): never {
  if (c.state === 'USED') throw new HoldlessError('CALL_IN_ALREADY_USED', 'This call-in was already used by a caller; it cannot be cancelled.', { id: c.id });
  throw new HoldlessError('CALL_IN_EXPIRED', 'This call-in has expired; its code no longer matches.', { id: c.id });
}

export async function cancelCallIn(ctx: AppContext, id: string): Promise<CancelledCallIn> {
  const now = ctx.clock.now();
  return ctx.store.write(async (tx) => {
    const c = await tx.callIns.get(id);
    if (!c) throw new HoldlessError('CALL_IN_NOT_FOUND', `No call-in '${id}'.`, { id });
    if (c.origin !== 'request') {
      throw new HoldlessError('CALL_IN_NOT_IMMEDIATE', 'This code keeps a callback\'s place: cancel the callback instead.', { id, callbackId: c.callbackId });
    }
    if (c.state === 'CANCELLED') return view(c);
    if (c.state !== 'LIVE' || c.expiresAt <= now) refuseEnded(c.state === 'LIVE' ? { ...c, state: 'EXPIRED' } : c);
    if (!await tx.callIns.end(c.id, 'CANCELLED', now)) refuseEnded((await tx.callIns.get(id))!);
    await tx.events.append({ at: now, type: 'CALL_IN_CANCELLED', serviceId: c.serviceId, data: { callInId: c.id, by: 'request' } });
    return view(c);
  });
}
