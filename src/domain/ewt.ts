/**
 * Expected wait time (issue 3 §4). For M/M/s with s busy servers each service completion frees
 * the line by one at rate s/AHT, so the k-th in line (k = entries ahead + 1, minus free agents)
 * waits the time of k completions: E[W] = k × AHT / s — exactly the conditional mean of the
 * Erlang(k, s/AHT) wait, hence the best predictor given the queue. With abandonment (patience
 * hazard θ per waiting second, measured by AbandonRateTracker) the line also shrinks while
 * j entries are ahead at rate jθ, so E[W] = Σ_{j=0}^{k-1} 1 / (s/AHT + jθ): the fraction of
 * those ahead who give up is taken out at the rate they actually do.
 */

export interface EwtInput {
  /** Entries ahead in queue order (for a new arrival: the whole eligible queue). */
  ahead: number;
  /** Agents who can serve this entry and are logged in: ready (idle) + busy with the skills. */
  agents: number;
  /** Of those, ready now and not reserved. */
  freeAgents: number;
  /** Smoothed average handle time (HandleTimeTracker). */
  handleSeconds: number;
  /** Abandonment hazard per second of waiting (AbandonRateTracker.ratePerSecond); 0 = none. */
  abandonRatePerSecond?: number;
}

/** Beyond this many completions the sum is replaced by its integral (error < 1 part in 10⁵). */
const EXACT_TERMS = 2_000;

/**
 * Expected wait in seconds; 0 when an agent is free for this entry, Infinity when no agent can
 * serve it at all (the caller shows "unknown" / does not promise a time).
 */
export function estimateWaitSeconds(input: EwtInput): number {
  const { ahead, agents, freeAgents, handleSeconds } = input;
  const theta = Math.max(0, input.abandonRatePerSecond ?? 0);
  const k = Math.max(0, ahead) + 1 - Math.max(0, freeAgents);
  if (k <= 0) return 0;
  if (agents <= 0) return Number.POSITIVE_INFINITY;
  if (handleSeconds <= 0) return 0;
  const serviceRate = agents / handleSeconds; // completions per second with everyone busy
  if (theta === 0) return (k * handleSeconds) / agents;
  let sum = 0;
  const exact = Math.min(k, EXACT_TERMS);
  for (let j = 0; j < exact; j++) sum += 1 / (serviceRate + j * theta);
  if (k > exact) sum += Math.log((serviceRate + (k - 0.5) * theta) / (serviceRate + (exact - 0.5) * theta)) / theta;
  return sum;
}

/** EWT of the entry at 1-based position k in line (k − 1 ahead). */
export function estimateWaitAtPosition(position: number, rest: Omit<EwtInput, 'ahead'>): number {
  return estimateWaitSeconds({ ...rest, ahead: Math.max(0, position - 1) });
}

/** Expected number of the `ahead` entries who abandon before this one is served (for displays). */
export function expectedAbandonsAhead(input: EwtInput): number {
  const theta = input.abandonRatePerSecond ?? 0;
  if (theta <= 0 || input.ahead <= 0) return 0;
  const w = estimateWaitSeconds(input);
  if (!Number.isFinite(w)) return input.ahead;
  const servedMeanwhile = (w * input.agents) / input.handleSeconds;
  return Math.max(0, Math.min(input.ahead, input.ahead + 1 - Math.max(0, input.freeAgents) - servedMeanwhile));
}

export interface HandleTimeTrackerState {
  averageSeconds: number;
  samples: number;
}

/**
 * Smoothed average handle time. Starts at the configured value (ServiceDef.initialHandleSeconds)
 * weighted like `priorWeight` samples, then moves as a running mean until its step reaches
 * `minAlpha`, then as an exponential moving average — fast to learn, steady once it has.
 */
export class HandleTimeTracker {
  private avg: number;
  private n = 0;

  constructor(
    initialSeconds: number,
    private readonly opts: { minAlpha?: number; priorWeight?: number } = {},
  ) {
    this.avg = initialSeconds;
  }

  get averageSeconds(): number {
    return this.avg;
  }

  get samples(): number {
    return this.n;
  }

  record(handleSeconds: number): void {
    if (!Number.isFinite(handleSeconds) || handleSeconds < 0) return;
    this.n++;
    const alpha = Math.max(this.opts.minAlpha ?? 0.002, 1 / (this.n + (this.opts.priorWeight ?? 10)));
    this.avg += alpha * (handleSeconds - this.avg);
  }

  snapshot(): HandleTimeTrackerState {
    return { averageSeconds: this.avg, samples: this.n };
  }
}

/**
 * Abandonment hazard: abandonments per second of waiting, the maximum-likelihood rate for
 * exponential patience (count of abandons ÷ total time entries spent waiting, whether they were
 * served or gave up). Both are decayed by the same factor per record so the rate follows the day.
 */
export class AbandonRateTracker {
  private abandons = 0;
  private waitSeconds = 0;

  constructor(private readonly decay = 0.999) {}

  /** An entry left the queue: `abandoned` or served, after waiting `waitedSeconds`. */
  record(waitedSeconds: number, abandoned: boolean): void {
    if (!Number.isFinite(waitedSeconds) || waitedSeconds < 0) return;
    this.abandons = this.abandons * this.decay + (abandoned ? 1 : 0);
    this.waitSeconds = this.waitSeconds * this.decay + waitedSeconds;
  }

  get ratePerSecond(): number {
    return this.waitSeconds > 0 ? this.abandons / this.waitSeconds : 0;
  }

  /** Fraction of entries expected to give up within `seconds` of waiting. */
  fractionWithin(seconds: number): number {
    return 1 - Math.exp(-this.ratePerSecond * Math.max(0, seconds));
  }
}
