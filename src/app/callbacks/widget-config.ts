/** What the embeddable widget shows before anything else: who the company and service are, in which language. */
import type { AppContext } from '../context.js';
import { describePhone } from '../../domain/phone.js';
import { resolveService } from './request-callback.js';

export interface WidgetConfigView {
  company: { name: string };
  /** phoneNumberDisplay: the phone number written for people (+49 30 12345600). */
  service: { id: string; name: string; language: string; defaultCountry: string; phoneNumber: string | null; phoneNumberDisplay: string | null };
  subject: { id: string; label: string } | null;
}

export function widgetConfig(ctx: AppContext, q: { serviceId?: string; subjectId?: string }): WidgetConfigView {
  const { service, subjectId } = resolveService(ctx, q);
  const subject = subjectId !== undefined ? ctx.catalog.subject(subjectId) : undefined;
  return {
    company: { name: ctx.catalog.companyName },
    service: { id: service.id, name: service.name, language: service.language, defaultCountry: service.defaultCountry, phoneNumber: service.phoneNumber ?? null,
      phoneNumberDisplay: service.phoneNumber ? describePhone(service.phoneNumber)?.international ?? service.phoneNumber : null },
    subject: subject ? { id: subject.id, label: subject.label } : null,
  };
}
