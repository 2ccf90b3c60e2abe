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
  /** service id (and 'all') → mean 1-based place in line on joining, over the same waiters. */
  meanPlace: Record<string, number | null>;
  immediate: { samples: number; meanActualSeconds: number | null };
  /** Callbacks in the queue: promised time to the first dial against the first dial. */
  callbackFirstDial: Score;
  /** Scheduled callbacks: seconds from the slot start to the first dial. */
  scheduledPunctuality: {
    samples: number; meanLateSeconds: number | null; p50LateSeconds: number | null; p90LateSeconds: number | null; p95LateSeconds: number | null;
    beforeSlot: number;
    /** Share first dialled within 1 / 5 / 15 minutes of the slot start, either side (a lead before it is by design). */
    within: { minutes: number; share: number | null }[];
    /** Scheduled callbacks never dialled in the run (their slot after the end, or expired). */
    undialled: number;
  };
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
  for (const r of waited) {
    const list = groups.get(r.serviceId);
    if (list) list.push(r);
    else groups.set(r.serviceId, [r]);
  }
  for (const [id, rs] of groups) {
    byService[id] = Object.fromEntries(PREDICTORS.map((k) => {
      // A predictor with no answer yet (no history) is scored as saying 0, so every column covers the same callers.
      const pairs = rs.map((r) => ({ p: r.predictions![k] ?? 0, a: r.waitMs! / 1000 }));
      return [k, score(pairs)];
    })) as Record<PredictorName, Score>;
  }
  const meanPlace: EwtComparison['meanPlace'] = {};
  for (const [id, rs] of groups) meanPlace[id] = mean(rs.filter((r) => r.place !== undefined).map((r) => r.place!));
  const queued = records.filter((r) => r.outcome === 'callback' && r.slotStart === undefined && r.firstDialAt !== undefined && r.promisedDialSeconds != null);
  const booked = records.filter((r) => r.outcome === 'callback' && r.slotStart !== undefined);
  const scheduled = booked.filter((r) => r.firstDialAt !== undefined);
  const late = scheduled.map((r) => (r.firstDialAt! - r.slotStart!) / 1000);
  // Dialled up to the service's lead before the slot by design (dueAt = slot start − leadMinutes): either side counts.
  const within = (minutes: number) => (late.length ? late.filter((x) => Math.abs(x) <= minutes * 60).length / late.length : null);
  const im = immediate.map((r) => r.waitMs! / 1000);
  return {
    waited: byService,
    meanPlace,
    immediate: { samples: im.length, meanActualSeconds: mean(im) },
    callbackFirstDial: score(queued.map((r) => ({ p: r.promisedDialSeconds!, a: (r.firstDialAt! - (r.promisedAt ?? r.arrivedAt)) / 1000 }))),
    scheduledPunctuality: {
      samples: late.length,
      meanLateSeconds: mean(late),
      p50LateSeconds: percentile(late, 50),
      p90LateSeconds: percentile(late, 90),
      p95LateSeconds: percentile(late, 95),
      beforeSlot: late.filter((x) => x < 0).length,
      within: [1, 5, 15].map((minutes) => ({ minutes, share: within(minutes) })),
      undialled: booked.length - scheduled.length,
    },
  };
}

const f = (x: number | null, d = 3) => (x === null ? '-' : x.toFixed(d));
const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(0)} %`);

export const EWT_GOAL_RSE = 0.35;

/** ours against the goal: ≤ 0.35 and ≤ the best other predictor (within 1e-9); blend is a part of ours, not another predictor. */
export function verdict(s: Record<PredictorName, Score>): { ok: boolean; best: PredictorName; bestRse: number; ours: number } {
  const others = PREDICTORS.filter((p) => p !== 'ours' && p !== 'blend');
  const best = others.reduce((a, b) => ((s[b].relativeSquaredError ?? Infinity) < (s[a].relativeSquaredError ?? Infinity) ? b : a));
  const bestRse = s[best].relativeSquaredError ?? Infinity;
  const ours = s.ours.relativeSquaredError ?? Infinity;
  return { ok: ours <= Math.min(EWT_GOAL_RSE, bestRse) + 1e-9, best, bestRse, ours };
}

/** Rows: service; columns: each predictor's relative squared error (MAE in seconds beside it). */
export function renderEwtComparison(c: EwtComparison, title: string): string {
  const head = ['service', 'waiters', 'mean wait', 'place', ...PREDICTORS.map((p) => `${p} RSE (MAE)`)];
  const order = Object.entries(c.waited).sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)));
  const misses: string[] = [];
  const rows = order.map(([id, s]) => {
    const v = verdict(s);
    const place = c.meanPlace[id] ?? null;
    if (!v.ok) misses.push(missLine(id, v, place));
    return [id, String(s.ours.samples), `${f(s.ours.meanActualSeconds, 1)} s`, f(place, 1), ...PREDICTORS.map((p) => {
      const mark = p === 'ours' ? (v.ok ? ' ok' : ' MISS') : '';
      return `${f(s[p].relativeSquaredError)} (${f(s[p].meanAbsoluteErrorSeconds, 1)})${mark}`;
    })];
  });
  const table = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  const cb = c.callbackFirstDial;
  const sp = c.scheduledPunctuality;
  return [
    `EWT predictors, ${title}: relative squared error mean((pred-actual)^2)/(mean actual)^2 over answered callers who had to wait (goal: ours <= ${EWT_GOAL_RSE} and <= the best other; ok/MISS)`,
    'place: mean place in line on joining (the wait of the k-th in line is the time of k departures: the fewer, the noisier); blend = the learnt combination (a part of ours, not counted as another); ours = qla + a*(blend - qla), a learnt per line from its served callers',
    line(head), ...rows.map(line), ...misses,
    `answered at once (a free agent on arrival, every predictor 0): ${c.immediate.samples}, mean wait ${f(c.immediate.meanActualSeconds, 1)} s`,
    `queued callbacks, time to first dial: promised (GET /v1/callbacks/{id} ewtSeconds when it joined the queue) vs measured: ${cb.samples} samples, mean measured ${f(cb.meanActualSeconds, 1)} s, MAE ${f(cb.meanAbsoluteErrorSeconds, 1)} s, RSE ${f(cb.relativeSquaredError)}`,
    `scheduled callbacks, punctuality (first dial - slot start): ${sp.samples} dialled${sp.samples ? `, p50 ${f(sp.p50LateSeconds, 1)} s, p90 ${f(sp.p90LateSeconds, 1)} s, mean ${f(sp.meanLateSeconds, 1)} s, ${sp.within.map((w) => `${pct(w.share)} within ${w.minutes} min`).join(', ')}, ${sp.beforeSlot} before the slot start (queued leadMinutes ahead by design)` : ''}; ${sp.undialled} not dialled in the run`,
  ].join('\n');
}

function missLine(id: string, v: ReturnType<typeof verdict>, place: number | null): string {
  const parts: string[] = [];
  if (v.ours > EWT_GOAL_RSE) parts.push(`${f(v.ours - EWT_GOAL_RSE)} above ${EWT_GOAL_RSE}`);
  if (v.ours > v.bestRse + 1e-9) parts.push(`${f(v.ours - v.bestRse)} (${f((100 * (v.ours - v.bestRse)) / v.bestRse, 1)} %) above ${v.best} (${f(v.bestRse)})`);
  const why: string[] = [];
  if (v.ours > EWT_GOAL_RSE) {
    why.push(v.bestRse > EWT_GOAL_RSE
      ? `no predictor reaches ${EWT_GOAL_RSE} here (best ${v.best} ${f(v.bestRse)}): short lines (mean place ${f(place, 1)}), so each wait is a few departures and varies by about its own size`
      : `short lines (mean place ${f(place, 1)})`);
  }
  if (v.ours > v.bestRse + 1e-9) {
    why.push(v.best === 'qla' || v.best === 'previous'
      ? 'the line is short of its own agents all day, so the Erlang-A model is nearly exact and the learnt part of ours adds only the noise of its weights'
      : `ours weighs ${v.best} only through the learnt blend`);
  }
  return `  MISS ${id}: ${parts.join(', ')}; why: ${why.join('; ')}`;
}
