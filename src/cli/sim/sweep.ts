/**
 * `--sweep offer.autoTransferBelowSeconds=60,120,300`: the same day (same callers, same seed) run
 * once per value of an offer-policy setting, with callbacks offered, so an admin can pick the
 * threshold from evidence. `offer.<key>` sets it for every service, `<serviceId>.offer.<key>` for one.
 */
import { HoldlessError } from '../../domain/errors.js';
import type { AppConfig } from '../../adapters/config/types.js';
import type { OfferPolicy } from '../../domain/model.js';
import type { Progress } from '../progress.js';
import type { DayFigures } from './metrics.js';
import { planDay } from './plan.js';
import { runDays } from './parallel.js';
import type { Scenario } from './scenario.js';

const KEYS: readonly (keyof OfferPolicy)[] = ['autoTransferBelowSeconds', 'upperPlaybackSeconds'];

export interface SweepSpec { serviceId?: string; key: keyof OfferPolicy; values: number[] }
export interface SweepRow { value: number; figures: DayFigures; seconds: number }

export function parseSweep(text: string, config: AppConfig): SweepSpec {
  const m = /^(?:([a-z0-9-]+)\.)?offer\.([A-Za-z]+)=([0-9.,\s]+)$/.exec(text.trim());
  const bad = (why: string) => new HoldlessError('SWEEP_INVALID', `--sweep ${text}: ${why} (example: --sweep offer.autoTransferBelowSeconds=60,120,300)`);
  if (!m) throw bad('expected [service.]offer.<key>=v1,v2,...');
  const [, serviceId, key, list] = m;
  if (!KEYS.includes(key as keyof OfferPolicy)) throw bad(`unknown offer key '${key}' (one of: ${KEYS.join(', ')})`);
  if (serviceId !== undefined && !config.services.some((s) => s.id === serviceId)) throw bad(`unknown service '${serviceId}'`);
  const values = list!.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isFinite(v) || v < 0)) throw bad('values must be seconds (numbers >= 0)');
  return { serviceId, key: key as keyof OfferPolicy, values };
}

/** The config with the swept offer setting applied. */
export function withOffer(config: AppConfig, spec: SweepSpec, value: number): AppConfig {
  return {
    ...config,
    services: config.services.map((s) => (spec.serviceId === undefined || s.id === spec.serviceId ? { ...s, offer: { ...s.offer, [spec.key]: value } } : s)),
  };
}

/** `workers`: runs at once in worker threads (sim/parallel.ts); 1 (default) runs them here, one after another. */
export async function sweep(config: AppConfig, scenario: Scenario, spec: SweepSpec, progress?: Progress, ingress: 'queue' | 'ivr' = 'queue', workers = 1): Promise<SweepRow[]> {
  const plan = planDay(config, scenario);
  const jobs = spec.values.map((value) => ({
    label: `${spec.key}=${value}`, config: withOffer(config, spec, value), scenario, plan, opts: { offerCallbacks: true, ingress, summary: false },
  }));
  const runs = await runDays(jobs, { workers, progress });
  return runs.map(({ run, seconds }, i) => ({ value: spec.values[i]!, figures: run.figures, seconds }));
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
const sec = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);

export function renderSweep(spec: SweepSpec, rows: SweepRow[]): string {
  const name = `${spec.serviceId ? `${spec.serviceId}.` : ''}offer.${spec.key}`;
  const head = [name, 'abandonment', 'service level', 'average wait', 'callbacks accepted', 'completed same day', 'EWT RSE (ours)', 'run'];
  const body = rows.map((r) => [
    String(r.value), pct(r.figures.abandonmentRate), pct(r.figures.serviceLevel.share), sec(r.figures.averageWaitSeconds),
    String(r.figures.callbacks.accepted), String(r.figures.callbacks.successful),
    r.figures.ewtComparison.waited.all?.ours.relativeSquaredError?.toFixed(3) ?? '-', `${r.seconds.toFixed(1)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
