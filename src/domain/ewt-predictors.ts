/**
 * Real-time delay predictors (issue 13 §1). A queue of one service shares agents with other
 * services through skills and expansion steps, so "agents who could serve it" says little about
 * how fast its line moves. What does: the rate at which entries actually leave THIS line for an
 * agent while it is not empty. The predictors of the queueing literature are kept beside ours so
 * the simulator can compare them on the same callers:
 *  - HOL: the current wait of the entry at the head of the line;
 *  - LES: the wait of the last entry to enter service from this line;
 *  - QL-A (Erlang-A queue-length predictor): Σ_{j<k} 1/(sμ + jθ), s = agents able to serve, μ = 1/AHT;
 *  - RATE: the same sum with sμ replaced by the measured departure rate of this line;
 *  - OURS: the same sum with sμ = (the line's own agents on duty now ÷ AHT) × the share of that
 *    capacity the line has measurably been getting (DepartureRateTracker.capacityShare).
 * Pure: time comes in as `now` (ms), nothing is read from a clock.
 */
import { estimateWaitSeconds } from './ewt.js';

/**
 * Entries leaving a line for an agent, per second of time the line was not empty, and the same
 * departures against the capacity of the agents who match the line outright (directAgents / AHT,
 * integrated over the same backlogged time). Both counts decay exponentially (time constant
 * `tauSeconds`), so they follow the day. The second ratio is the share of the line's own agents'
 * capacity it really gets (below 1 when a higher-priority service takes them, above 1 when agents
 * of other services help through expansion); times the capacity on duty NOW it follows a shift
 * change at once, where the plain rate lags by τ.
 */
export class DepartureRateTracker {
  private departures = 0;
  private backlogSeconds = 0;
  private capacityDepartures = 0; // ∫ capacity dt over backlogged time: departures the line's own agents could make
  private lastAt: number | undefined;
  private queued = 0;
  private capacity = 0;

  constructor(private readonly tauSeconds = 900) {}

  /** From `now` on the line holds `queued` entries and its own agents can serve `capacityPerSecond`. */
  observe(now: number, queued: number, capacityPerSecond = this.capacity): void {
    this.decayTo(now);
    this.queued = queued;
    this.capacity = capacityPerSecond;
  }

  /** An entry left the line for an agent at `now`; `queuedAfter` remain. */
  departed(now: number, queuedAfter: number, capacityPerSecond = this.capacity): void {
    this.observe(now, queuedAfter, capacityPerSecond);
    this.departures += 1;
  }

  /** Departures per backlogged second; null until there is evidence (a minute of backlog, 3 departures). */
  rate(now: number): number | null {
    this.decayTo(now);
    return this.evidence() ? this.departures / this.backlogSeconds : null;
  }

  /** Departures ÷ own-agent capacity over the backlogged time; null without evidence. */
  capacityShare(now: number): number | null {
    this.decayTo(now);
    return this.evidence() && this.capacityDepartures > 0 ? this.departures / this.capacityDepartures : null;
  }

  private evidence(): boolean {
    return this.backlogSeconds >= Math.min(60, this.tauSeconds / 2) && this.departures >= 3;
  }

  private decayTo(now: number): void {
    if (this.lastAt === undefined) {
      this.lastAt = now;
      return;
    }
    const dt = Math.max(0, (now - this.lastAt) / 1000);
    if (dt === 0) return;
    const f = Math.exp(-dt / this.tauSeconds);
    // ∫ e^{-(now - u)/τ} du over the interval, counted only while entries were waiting.
    const w = this.queued > 0 ? this.tauSeconds * (1 - f) : 0;
    this.departures *= f;
    this.backlogSeconds = this.backlogSeconds * f + w;
    this.capacityDepartures = this.capacityDepartures * f + w * this.capacity;
    this.lastAt = now;
  }
}

/** Σ_{j=0}^{k-1} 1/(rate + jθ): the expected time of k departures when each waiting entry also leaves at θ. */
export function timeOfDepartures(k: number, ratePerSecond: number, theta: number): number {
  if (k <= 0) return 0;
  if (ratePerSecond <= 0 && theta <= 0) return Number.POSITIVE_INFINITY;
  if (theta <= 0) return k / ratePerSecond;
  const exact = Math.min(k, 2_000);
  let sum = 0;
  for (let j = 0; j < exact; j++) sum += 1 / (ratePerSecond + j * theta);
  if (k > exact) sum += Math.log((ratePerSecond + (k - 0.5) * theta) / (ratePerSecond + (exact - 0.5) * theta)) / theta;
  return sum;
}

export const PREDICTORS = ['ours', 'blend', 'rate', 'scaled', 'qla', 'les', 'hol', 'previous'] as const;
export type PredictorName = (typeof PREDICTORS)[number];
export type Predictions = Record<PredictorName, number | null>;

export interface LineState {
  /** Entries ahead of the one asked about (a new arrival: the whole line). */
  ahead: number;
  /** Agents ready now who may take this entry at once (skills matched without expansion). */
  freeDirect: number;
  /** Logged-in agents whose skills match without expansion (busy or ready). */
  directAgents: number;
  /** Logged-in agents who may serve the line at some step of expansion (the previous estimator's s). */
  capableAgents: number;
  /** Of those, ready now (the previous estimator's free agents). */
  capableFree: number;
  handleSeconds: number;
  abandonRatePerSecond: number;
  /** Measured departures per backlogged second (DepartureRateTracker); null = no evidence yet. */
  departureRate: number | null;
  /** Measured departures ÷ the line's own agents' capacity (DepartureRateTracker.capacityShare). */
  capacityShare: number | null;
  /** Current wait of the head of the line (s), null when the line is empty. */
  headWaitSeconds: number | null;
  /** Wait of the last entry that left this line for an agent (s), null before the first. */
  lastServedWaitSeconds: number | null;
}

/**
 * Every predictor for an entry with `state.ahead` entries ahead; 0 when a free agent can take it
 * now. `ours` (the EWT) = qla + blendWeight·(blend − qla), the weight learnt per line (OnlineMix).
 */
export function predictWait(state: LineState, weights: readonly number[] = EWT_PRIOR_WEIGHTS, blendWeight = 1): Predictions {
  const k = state.ahead + 1;
  if (state.freeDirect >= k) return { ours: 0, blend: 0, scaled: 0, rate: 0, les: 0, hol: 0, qla: 0, previous: 0 };
  const theta = Math.max(0, state.abandonRatePerSecond);
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const directRate = state.handleSeconds > 0 ? state.directAgents / state.handleSeconds : 0;
  const qla = finite(timeOfDepartures(k, directRate, theta));
  const previous = finite(estimateWaitSeconds({
    ahead: state.ahead, agents: state.capableAgents, freeAgents: state.capableFree, handleSeconds: state.handleSeconds, abandonRatePerSecond: theta,
  }));
  const rate = state.departureRate !== null ? finite(timeOfDepartures(k, state.departureRate, theta)) : qla;
  const les = state.lastServedWaitSeconds;
  const hol = state.headWaitSeconds ?? (state.ahead === 0 ? les : null);
  const share = state.capacityShare ?? 1;
  const scaled = directRate > 0 ? finite(timeOfDepartures(k, share * directRate, theta)) : rate;
  const parts = { scaled, rate, les, hol, qla, previous };
  const fitted = combine(parts, weights);
  // Shrinking the online fit towards QL-A damps the noise of weights learnt from a few thousand
  // callers a day.
  const blend = fitted !== null && qla !== null ? FIT_SHARE * fitted + (1 - FIT_SHARE) * qla : fitted;
  const ours = blend === null ? qla : qla === null ? blend : qla + blendWeight * (blend - qla);
  return { ...parts, blend, ours };
}

/** Features of the learnt combination: the queue-length predictors, the delay-history ones, a constant. */
export function ewtFeatures(p: Omit<Predictions, 'ours' | 'blend'>): number[] | null {
  const base = p.qla ?? p.rate;
  if (base === null) return null;
  return [base, p.rate ?? base, p.scaled ?? base, p.les ?? base, p.hol ?? 0, 1];
}

/** Share of the learnt combination in `ours`; the rest is the Erlang-A queue-length predictor. */
export const FIT_SHARE = 0.7;

/** Starting weights: the Erlang-A queue-length predictor alone, until the line's own history says otherwise. */
export const EWT_PRIOR_WEIGHTS: readonly number[] = [1, 0, 0, 0, 0, 0];

function combine(p: Omit<Predictions, 'ours' | 'blend'>, weights: readonly number[]): number | null {
  const x = ewtFeatures(p);
  if (x === null) return null;
  let y = 0;
  for (let i = 0; i < x.length; i++) y += (weights[i] ?? 0) * x[i]!;
  return Math.max(0, y);
}
