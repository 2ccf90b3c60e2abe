/**
 * The supervisor's callback list: each callback with whose it is (name, phone, subject, notes),
 * the phone masked for viewers who may not see numbers, and search by a number typed in any
 * format (read in the service's default country).
 */
import type { Callback, CallbackState, Instant } from '../../domain/model.js';
import { describePhone, parseToE164, redactPhone } from '../../domain/phone.js';
import { canSeeNumbers } from '../access/numbers.js';
import type { Identity } from '../access/roles.js';
import type { AppContext } from '../context.js';
import { listCallbacks } from './manage-callback.js';
import type { CallbackView } from './view.js';

export interface CustomerView {
  firstName: string | null; lastName: string | null; customerId: string | null;
  /** E.164, or masked (+49*******67) when the viewer may not see numbers. */
  phone: string; phoneNational: string | null; phoneMasked: boolean;
  subject: string | null; notes: string | null; language: string | null;
}

export interface SupervisorQuery {
  serviceId?: string; states?: CallbackState[]; phone?: string; createdFrom?: Instant; createdTo?: Instant; afterId?: string; limit: number;
}

/** "089 12345678", "+49 89 …", "0049…" all find +498912345678; text that is no number is matched as typed. */
export function phoneSearchKey(ctx: AppContext, raw: string, serviceId?: string): string {
  const country = (serviceId !== undefined ? ctx.catalog.services.find((s) => s.id === serviceId) : undefined)?.defaultCountry
    ?? ctx.catalog.services[0]?.defaultCountry;
  return parseToE164(raw, country) ?? raw.trim();
}

export async function supervisorList(ctx: AppContext, q: SupervisorQuery, viewer: Identity): Promise<{ items: (CallbackView & { customer: CustomerView })[]; next: string | null }> {
  const phone = q.phone?.trim() ? phoneSearchKey(ctx, q.phone, q.serviceId) : undefined;
  const page = await listCallbacks(ctx, { ...q, phone });
  const full = canSeeNumbers(viewer);
  const stored = await ctx.store.read(async (tx) => {
    const byId = new Map<string, Callback | undefined>();
    for (const v of page.items) byId.set(v.id, await tx.callbacks.get(v.id));
    return byId;
  });
  return {
    next: page.next,
    items: page.items.map((v) => {
      const cb = stored.get(v.id)!;
      const subject = cb.subjectId !== undefined ? ctx.catalog.subjects.find((s) => s.id === cb.subjectId)?.label ?? null : null;
      return {
        ...v,
        customer: {
          firstName: cb.firstName ?? null, lastName: cb.lastName ?? null, customerId: cb.customerId ?? null,
          phone: full ? cb.phone : redactPhone(cb.phone), phoneNational: full ? describePhone(cb.phone)?.national ?? null : null, phoneMasked: !full,
          subject, notes: cb.notes ?? null, language: cb.language ?? null,
        },
      };
    }),
  };
}
