/** What one simulated day measured, and the figures derived from it. */
import type { AgentStateName } from '../../domain/model.js';
import type { Predictions } from '../../domain/ewt-predictors.js';
import { ewtAccuracy, mean } from '../../domain/report-stats.js';
import { ewtComparison, type EwtComparison } from './ewt-table.js';

export interface CallerRecord {
  serviceId: string;
  arrivedAt: number;
  /** EWT the caller was given on arrival (seconds; null = unknown, nobody to serve). */
  ewtSeconds: number | null;
  /** Every predictor's answer at arrival (the same instant as ewtSeconds). */
  predictions?: Predictions;
  /** 1-based place in line on joining (entries of the service ahead + 1). */
  place?: number;
  offered: boolean;
  outcome: 'waiting' | 'answered' | 'abandoned' | 'callback' | 'callback-refused';
  waitMs?: number;
  callbackId?: string;
  /** Callback: when an agent was connected to the customer. */
  connectedAt?: number;
  /** Callback: time to first dial promised at registration (GET /v1/callbacks/{id}'s ewtSeconds), and when it was first dialled. */
  promisedDialSeconds?: number | null;
  /** When that promise was made (the callback joined the queue). */
  promisedAt?: number;
  firstDialAt?: number;
  /** Scheduled callback: start of the booked slot. */
  slotStart?: number;
}

export interface CallbackTotals {
  offered: number; accepted: number; successful: number; failed: number; expired: number; cancelled: number; open: number;
  attempts: number; outcomes: Record<string, number>;
  /** Mean time from the caller's arrival to the agent connected, for successful callbacks. */
  meanTimeToConnectSeconds: number | null;
}

export interface DayFigures {
  arrivals: number;
  answered: number;
  abandoned: number;
  stillWaiting: number;
  serviceLevel: { seconds: number; share: number | null };
  averageWaitSeconds: number | null;
  abandonmentRate: number | null;
  callbacks: CallbackTotals;
  agentOccupancy: number | null;
  ewt: { samples: number; meanAbsoluteErrorSeconds: number | null; relativeSquaredError: number | null };
  byService: Record<string, { arrivals: number; answered: number; abandoned: number; callbacks: number; averageWaitSeconds: number | null }>;
  /** Every predictor per service, over callers who had to wait (and those answered at once, apart). */
  ewtComparison: EwtComparison;
}

/** Time each agent spent in each state, from the board's state events. */
export class OccupancyMeter {
  private readonly last = new Map<string, { name: AgentStateName; at: number }>();
  readonly totals: Partial<Record<AgentStateName, number>> = {};

  change(agentId: string, name: AgentStateName, at: number): void {
    const prev = this.last.get(agentId);
    if (prev) this.totals[prev.name] = (this.totals[prev.name] ?? 0) + (at - prev.at);
    this.last.set(agentId, { name, at });
  }

  close(at: number): void {
    for (const [id, s] of [...this.last]) this.change(id, s.name, at);
  }

  /** Busy (reserved, talking, wrap-up) over busy + ready. */
  occupancy(): number | null {
    const t = this.totals;
    const busy = (t.RESERVED ?? 0) + (t.ON_CALL ?? 0) + (t.WRAP_UP ?? 0);
    const total = busy + (t.READY ?? 0);
    return total > 0 ? busy / total : null;
  }
}


export function figures(records: CallerRecord[], callbacks: CallbackTotals, occupancy: number | null, slSeconds: number): DayFigures {
  const answered = records.filter((r) => r.outcome === 'answered');
  const abandoned = records.filter((r) => r.outcome === 'abandoned').length;
  const held = answered.length + abandoned;
  const waits = answered.map((r) => r.waitMs! / 1000);
  const byService: DayFigures['byService'] = {};
  for (const r of records) {
    const s = (byService[r.serviceId] ??= { arrivals: 0, answered: 0, abandoned: 0, callbacks: 0, averageWaitSeconds: null });
    s.arrivals++;
    if (r.outcome === 'answered') s.answered++;
    if (r.outcome === 'abandoned') s.abandoned++;
    if (r.outcome === 'callback') s.callbacks++;
  }
  for (const [id, s] of Object.entries(byService)) s.averageWaitSeconds = mean(answered.filter((r) => r.serviceId === id).map((r) => r.waitMs! / 1000));
  return {
    arrivals: records.length,
    answered: answered.length,
    abandoned,
    stillWaiting: records.filter((r) => r.outcome === 'waiting').length,
    serviceLevel: { seconds: slSeconds, share: held ? waits.filter((w) => w <= slSeconds).length / held : null },
    averageWaitSeconds: mean(waits),
    abandonmentRate: records.length ? abandoned / records.length : null,
    callbacks,
    agentOccupancy: occupancy,
    ewt: ewtAccuracy(answered.filter((r) => r.ewtSeconds !== null).map((r) => ({ ewt: r.ewtSeconds!, actual: r.waitMs! / 1000 }))),
    byService,
    ewtComparison: ewtComparison(records),
  };
}
