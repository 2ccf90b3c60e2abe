/**
 * Online least squares (recursive least squares with forgetting) that learns, per service, how to
 * combine the real-time predictors into the EWT: each live caller served gives one sample — what
 * every predictor said when the caller joined, and the wait that followed. The line of one
 * contact centre (its skills, priorities, expansion steps, shift pattern) decides which predictor
 * deserves trust; the fit finds out from its own history instead of a constant chosen elsewhere.
 * Starts from (and is pulled towards, through the prior's weight) a plain average of the
 * queue-length predictors, so a new service without history gets a sensible answer.
 */
export class OnlineLinearFit {
  private readonly w: number[];
  private readonly p: number[][];
  samples = 0;

  /**
   * @param prior starting weights (one per feature)
   * @param priorStrength smaller = the prior is trusted less (P₀ = I / priorStrength)
   * @param forgetting λ ∈ (0, 1]: samples lose weight by λ per newer sample (memory ≈ 1/(1−λ))
   */
  constructor(prior: readonly number[], priorStrength = 1e6, private readonly forgetting = 0.9995) {
    this.w = [...prior];
    this.p = prior.map((_, i) => prior.map((__, j) => (i === j ? 1 / priorStrength : 0)));
  }

  get weights(): readonly number[] {
    return this.w;
  }

  predict(x: readonly number[]): number {
    let y = 0;
    for (let i = 0; i < this.w.length; i++) y += this.w[i]! * x[i]!;
    return y;
  }

  update(x: readonly number[], y: number): void {
    if (!Number.isFinite(y) || x.some((v) => !Number.isFinite(v))) return;
    const n = this.w.length;
    const px = this.p.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));
    const denom = this.forgetting + x.reduce((s, v, i) => s + v * px[i]!, 0);
    if (!(denom > 0)) return;
    const err = y - this.predict(x);
    for (let i = 0; i < n; i++) this.w[i]! += (px[i]! / denom) * err;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) this.p[i]![j] = (this.p[i]![j]! - (px[i]! * px[j]!) / denom) / this.forgetting;
    }
    this.samples++;
  }
}
