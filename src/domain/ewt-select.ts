/**
 * How much of the learnt blend to trust for a line, decided from the line's own history (issue
 * 13 §1). The EWT is qla + α·(blend − qla): α is the least-squares weight, learnt online from
 * every live caller served (what both said when the caller joined, and the wait that followed),
 * clipped to [0, 1]. Why: the blend wins where services share agents through expansion (the
 * queue-length model misses that help), but where every line is short of its own agents the
 * plain Erlang-A queue-length predictor is nearly exact and the blend only adds the noise of its
 * weights. One weight learnt from thousands of callers is steady where a hard switch between the
 * two flips on noise. Samples are forgotten slowly (λ per newer sample), so a line whose regime
 * changes is followed.
 */
export class OnlineMix {
  private dd = 0; // Σ λ^age (blend − qla)²
  private de = 0; // Σ λ^age (blend − qla)(wait − qla)
  samples = 0;

  constructor(private readonly forgetting = 0.9995, private readonly start = 1) {}

  /** One served entry: the two estimates when it joined (null = no answer) and its wait. */
  record(blend: number | null, qla: number | null, actual: number): void {
    if (blend === null || qla === null || !Number.isFinite(blend) || !Number.isFinite(qla) || !Number.isFinite(actual)) return;
    const d = blend - qla;
    this.dd = this.dd * this.forgetting + d * d;
    this.de = this.de * this.forgetting + d * (actual - qla);
    this.samples++;
  }

  /** Weight of the blend (0 = Erlang-A alone, 1 = the blend alone). */
  get weight(): number {
    if (!(this.dd > 0)) return this.start;
    return Math.min(1, Math.max(0, this.de / this.dd));
  }

}
