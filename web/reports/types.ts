/** Shapes of the report API answers (see src/app/reports). */
export interface WaitStats { count: number; averageSeconds: number | null; p90Seconds: number | null }
export interface EwtAccuracy { samples: number; meanAbsoluteErrorSeconds: number | null; relativeSquaredError: number | null }
export interface SummaryRow {
  serviceId: string; period: string;
  offers: { offered: number; accepted: number; declined: number; abandoned: number; acceptedShare: number | null; declinedShare: number | null };
  requested: { total: number; asap: number; scheduled: number; byChannel: Record<string, number> };
  attempted: number; answered: number; connected: number; successful: number;
  attempts: { total: number; byOutcome: Record<string, number>; perSuccessful: number | null };
  unsuccessful: { total: number; byReason: Record<string, number> };
  cancelled: number; expired: number; open: number; abandonedWaitingAgent: number;
  waitToFirstAttempt: WaitStats; waitToConnect: WaitStats;
  punctuality: { measured: number; onTime: number; onTimeShare: number | null; withinMinutes: number; averageOffsetSeconds: number | null };
  waitBeforeAbandon: { live: WaitStats; waitingAgent: WaitStats };
  savings: { basis: string; callbacks: number; withoutEstimate: number; timeSavedSeconds: number; timeSavedPerCallbackSeconds: number | null;
    costPerHoldMinute: number; currency: string; moneySaved: number; moneySavedPerCallback: number | null };
  live: { queued: number; answered: number; abandoned: number; leftForCallback: number; answeredWithinTarget: number; targetSeconds: number; serviceLevel: number | null };
  ewtAccuracy: { atJoin: EwtAccuracy; atOffer: EwtAccuracy };
  dispositions: Record<string, number>; callIn: Record<string, number>; push: { requested: number; delivered: number; failed: number };
}
export interface ServiceRealtime {
  serviceId: string; live: number; callback: number; oldestWaitSeconds: number | null; ewtSeconds: number | null;
  today: { offered: number; accepted: number; requested: number; answered: number; callbacksConnected: number; distributed: number;
    abandoned: number; serviceLevel: number | null; ewtMeanAbsoluteErrorSeconds: number | null };
  dueNextHour: number;
}
export interface Realtime { at: string; services: ServiceRealtime[]; agents: Record<string, number> }
export interface DetailRow {
  id: string; serviceId: string; channel: string; phone: string; requestedAt: string; slotStart: string | null; state: string;
  endReason: string | null; attempts: { number: number; outcome: string | null }[]; connectedAt: string | null; agentId: string | null;
  disposition: { code: string; notes: string | null } | null; timeline: { at: string; step: string; detail: string | null }[];
}
export interface Ctx { base: string; token: string; names: Map<string, string> }
