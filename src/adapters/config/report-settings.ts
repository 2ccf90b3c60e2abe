/** Per-service report figures from config (the `reports:` section), with its defaults. */
import type { ReportSettings } from '../../app/reports/summary-row.js';
import type { SettingsOf } from '../../app/reports/callback-summary.js';
import type { ReportConfig } from './types.js';

export const DEFAULT_REPORTS: ReportConfig = { currency: 'EUR', holdCostPerMinute: 0.5, serviceLevelSeconds: 20, punctualityMinutes: 5, services: {} };

export function reportSettingsOf(reports: ReportConfig = DEFAULT_REPORTS): SettingsOf {
  return (serviceId): ReportSettings => {
    const own = reports.services[serviceId] ?? {};
    return {
      currency: reports.currency,
      holdCostPerMinute: own.holdCostPerMinute ?? reports.holdCostPerMinute,
      serviceLevelSeconds: own.serviceLevelSeconds ?? reports.serviceLevelSeconds,
      punctualityMinutes: reports.punctualityMinutes,
    };
  };
}
