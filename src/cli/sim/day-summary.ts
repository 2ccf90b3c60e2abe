/**
 * The simulator's side of the reports: its IVR offers go into the event log as the IVR's do, and
 * at the end of the day the callback summary is read from the run's own store.
 */
import type { AppContext } from '../../app/context.js';
import { callbackSummary } from '../../app/reports/callback-summary.js';
import { recordOfferStep } from '../../app/reports/events.js';
import type { SummaryRow } from '../../app/reports/summary-row.js';
import { reportSettingsOf } from '../../adapters/config/report-settings.js';
import type { AppConfig } from '../../adapters/config/types.js';
import type { Instant } from '../../domain/model.js';
import type { PlannedCaller } from './plan.js';

/** Offered, then accepted or declined (the simulated callers decide at once). */
export async function recordOffer(ctx: AppContext, c: PlannedCaller, ewt: number | null, accepted: boolean): Promise<void> {
  const e = { serviceId: c.serviceId, callId: `in-${c.seq}`, ewtSeconds: ewt };
  await recordOfferStep(ctx, 'offered', { ...e, offer: 'immediate' });
  await recordOfferStep(ctx, accepted ? 'accepted' : 'declined', { ...e, reason: accepted ? undefined : 'DECLINE_DIGIT' });
}

export async function daySummary(ctx: AppContext, config: AppConfig, from: Instant, to: Instant): Promise<SummaryRow[]> {
  return await callbackSummary(ctx, reportSettingsOf(config.reports), { from, to: to + 1, interval: 'day' });
}
