/**
 * The EWT comparison of issue 13: every predictor of src/domain/ewt-predictors.ts scored on the
 * same callers. Scored: live callers who were answered (an abandoned caller's full wait is never
 * seen). "Waited": no agent was free for them on arrival; "immediate": one was (reported apart,
 * every predictor says 0 for them). Callbacks: the time to the first dial promised at registration
 * against the first dial.
 */
import { PREDICTORS, type PredictorName } from '../../domain/ewt-predictors.js';
import { ewtAccuracy, mean, percentile } from '../../domain/report-stats.js';
import type { CallerRecord } from './metrics.js';

export interface Score {
  samples: number;
  meanActualSeconds: number | null;
  meanAbsoluteErrorSeconds: number | null;
  /** mean((predicted − actual)²) / (mean actual)², as bench/ewt defines it; 0 is perfect. */
  relativeSquaredError: number | null;
}

export interface EwtComparison {
  /** service id (and 'all') → predictor → score, over answered callers who had to wait. */
  waited: Record<string, Record<PredictorName, Score>>;
  immediate: { samples: number; meanActualSeconds: number | null };
  /** Callbacks in the queue: promised time to the first dial against the first dial. */
  callbackFirstDial: Score;
  /** Scheduled callbacks: seconds from the slot start to the first dial (mean, 95th percentile). */
  scheduledPunctuality: { samples: number; meanLateSeconds: number | null; p95LateSeconds: number | null; beforeSlot: number };
}

export function score(pairs: { p: number; a: number }[]): Score {
  return { ...ewtAccuracy(pairs.map(({ p, a }) => ({ ewt: p, actual: a }))), meanActualSeconds: mean(pairs.map((x) => x.a)) };
}

export function ewtComparison(records: CallerRecord[]): EwtComparison {
  const answered = records.filter((r) => r.outcome === 'answered' && r.predictions && r.waitMs !== undefined);
  const waited = answered.filter((r) => r.predictions!.ours !== 0);
  const immediate = answered.filter((r) => r.predictions!.ours === 0);
  const byService: EwtComparison['waited'] = {};
  const groups = new Map<string, CallerRecord[]>([['all', waited]]);
  for (const r of waited) groups.set(r.serviceId, [...(groups.get(r.serviceId) ?? []), r]);
  for (const [id, rs] of groups) {
    byService[id] = Object.fromEntries(PREDICTORS.map((k) => {
      // A predictor with no answer yet (no history) is scored as saying 0, so every column covers the same callers.
      const pairs = rs.map((r) => ({ p: r.predictions![k] ?? 0, a: r.waitMs! / 1000 }));
      return [k, score(pairs)];
    })) as Record<PredictorName, Score>;
  }
  const queued = records.filter((r) => r.outcome === 'callback' && r.slotStart === undefined && r.firstDialAt !== undefined && r.promisedDialSeconds != null);
  const scheduled = records.filter((r) => r.outcome === 'callback' && r.slotStart !== undefined && r.firstDialAt !== undefined);
  const late = scheduled.map((r) => (r.firstDialAt! - r.slotStart!) / 1000);
  const im = immediate.map((r) => r.waitMs! / 1000);
  return {
    waited: byService,
    immediate: { samples: im.length, meanActualSeconds: mean(im) },
    callbackFirstDial: score(queued.map((r) => ({ p: r.promisedDialSeconds!, a: (r.firstDialAt! - r.arrivedAt) / 1000 }))),
    scheduledPunctuality: {
      samples: late.length,
      meanLateSeconds: mean(late),
      p95LateSeconds: percentile(late, 95),
      beforeSlot: late.filter((x) => x < 0).length,
    },
  };
}

const f = (x: number | null, d = 3) => (x === null ? '-' : x.toFixed(d));

/** Rows: service; columns: each predictor's relative squared error (MAE in seconds beside it). */
export function renderEwtComparison(c: EwtComparison, title: string): string {
  const head = ['service', 'waiters', 'mean wait', ...PREDICTORS.map((p) => `${p} RSE (MAE)`)];
  const rows = Object.entries(c.waited).sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b))).map(([id, s]) => {
    const any = s.ours;
    const best = Math.min(...PREDICTORS.filter((p) => p !== 'ours').map((p) => s[p].relativeSquaredError ?? Infinity));
    return [id, String(any.samples), `${f(any.meanActualSeconds, 1)} s`, ...PREDICTORS.map((p) => {
      const mark = p === 'ours' ? ((s.ours.relativeSquaredError ?? Infinity) <= Math.min(0.35, best) + 1e-9 ? ' ok' : ' MISS') : '';
      return `${f(s[p].relativeSquaredError)} (${f(s[p].meanAbsoluteErrorSeconds, 1)})${mark}`;
    })];
  });
  const table = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  const cb = c.callbackFirstDial;
  const sp = c.scheduledPunctuality;
  return [
    `EWT predictors, ${title}: relative squared error mean((pred-actual)^2)/(mean actual)^2 over answered callers who had to wait (goal: ours <= 0.35 and <= the best other; ok/MISS)`,
    line(head), ...rows.map(line),
    `answered at once (a free agent on arrival, every predictor 0): ${c.immediate.samples}, mean wait ${f(c.immediate.meanActualSeconds, 1)} s`,
    `queued callbacks, promised vs first dial: ${cb.samples} samples, mean ${f(cb.meanActualSeconds, 1)} s, MAE ${f(cb.meanAbsoluteErrorSeconds, 1)} s, RSE ${f(cb.relativeSquaredError)}`,
    `scheduled callbacks, first dial after slot start: ${sp.samples} samples${sp.samples ? `, mean ${f(sp.meanLateSeconds, 1)} s, p95 ${f(sp.p95LateSeconds, 1)} s, ${sp.beforeSlot} before the slot` : ''}`,
  ].join('\n');
}
