/** Small statistics the reports share (pure). Each returns null when there is nothing to measure. */

export const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Nearest-rank percentile (p in 0..100): the smallest value with at least p % of the samples at or below it. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Share of part in whole (0..1), null when whole is 0: the denominator is always named by the caller. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export interface WaitStats { count: number; averageSeconds: number | null; p90Seconds: number | null }
export const waitStats = (seconds: readonly number[]): WaitStats => ({ count: seconds.length, averageSeconds: mean(seconds), p90Seconds: percentile(seconds, 90) });

export interface EwtAccuracy { samples: number; meanAbsoluteErrorSeconds: number | null; relativeSquaredError: number | null }

/**
 * EWT accuracy over (predicted, actual) pairs: mean absolute error in seconds, and the relative
 * squared error = mean squared error / (mean actual wait)², so 0 is perfect and 1 means errors as
 * large as the typical wait itself.
 */
export function ewtAccuracy(pairs: readonly { ewt: number; actual: number }[]): EwtAccuracy {
  const mae = mean(pairs.map((p) => Math.abs(p.ewt - p.actual)));
  const mse = mean(pairs.map((p) => (p.ewt - p.actual) ** 2));
  const m = mean(pairs.map((p) => p.actual));
  return { samples: pairs.length, meanAbsoluteErrorSeconds: mae, relativeSquaredError: mse !== null && m ? mse / (m * m) : null };
}
