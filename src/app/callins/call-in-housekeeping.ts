/**
 * Due work of call-ins, polled from the database (invariant 6): pushed callbacks nobody answered
 * (the seeds' "Pushed Callback Expiry Time") and accepted ones nobody called in for expire with
 * their reason; access codes that ran out are marked EXPIRED so their digits are free again.
 */
import type { Callback, Instant } from '../../domain/model.js';
import { transition } from '../callbacks/transition.js';
import type { AppContext } from '../context.js';
import { endCallInsOf } from './issue-call-in.js';

const BATCH = 500;

export interface CallInTickReport { pushExpired: number; callInExpired: number; codesExpired: number }

export async function callInHousekeeping(ctx: AppContext, now: Instant): Promise<CallInTickReport> {
  const report: CallInTickReport = { pushExpired: 0, callInExpired: 0, codesExpired: 0 };
  const changed = await ctx.store.write(async (tx) => {
    const out: Callback[] = [];
    for (const cb of await tx.callbacks.due(['PUSHED', 'AWAITING_CALL_IN'], now, BATCH)) {
      const reason = cb.state === 'PUSHED' ? 'PUSH_EXPIRED' : 'CALL_IN_EXPIRED';
      await endCallInsOf(tx, cb.id, 'EXPIRED', now);
      out.push(await transition(tx, cb, { to: 'EXPIRED', now, reason }));
      if (reason === 'PUSH_EXPIRED') report.pushExpired++;
      else report.callInExpired++;
    }
    for (const c of await tx.callIns.expiring(now, BATCH)) {
      if (!await tx.callIns.end(c.id, 'EXPIRED', now)) continue;
      await tx.events.append({ at: now, type: 'CALL_IN_EXPIRED', serviceId: c.serviceId, callbackId: c.callbackId, data: { callInId: c.id } });
      report.codesExpired++;
    }
    return out;
  });
  changed.forEach((cb) => ctx.queue.callbackChanged(cb));
  return report;
}
