/**
 * The day's callers, drawn once from the scenario's seed and replayed identically in both runs
 * (with and without callbacks offered), so the comparison sees the same arrivals, patience and
 * talk times (common random numbers).
 */
import type { CustomerScript } from '../../adapters/telephony/simulated/index.js';
import type { AppConfig } from '../../adapters/config/types.js';
import type { AgentDef, Instant } from '../../domain/model.js';
import { localToInstant } from '../../domain/time.js';
import { DEFAULT_CUSTOMER_MIX } from '../../adapters/telephony/simulated/index.js';
import { exponential, seededRandom, weightedPick, type Random } from '../../sim/random.js';
import type { Scenario } from './scenario.js';

export interface PlannedCaller {
  seq: number;
  at: Instant;
  serviceId: string;
  phone: string;
  patienceMs: number;
  talkMs: number;
  /** Uniform draw compared with the service's take-up rate when a callback is offered. */
  takeUpDraw: number;
  /** What the number does on each callback attempt (the last repeats). */
  attempts: CustomerScript[];
  /** Uniform draws: compared with the service's scheduledShare (picks a slot), and which of the slots read out. */
  slotDraw: number;
  slotPick: number;
}

export interface PlannedShift { agent: AgentDef; from: Instant; to: Instant }

export interface DayPlan {
  zone: string;
  callers: PlannedCaller[];
  shifts: PlannedShift[];
  start: Instant;
  end: Instant;
}

/** Lognormal with the given mean and coefficient of variation (cv 0: always the mean). */
export function lognormal(random: Random, mean: number, cv: number): number {
  if (cv <= 0) return mean;
  const s2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - s2 / 2;
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.exp(mu + Math.sqrt(s2) * z);
}

export function planDay(config: AppConfig, s: Scenario): DayPlan {
  const random = seededRandom(s.seed);
  const firstService = config.services.find((x) => x.id in s.services) ?? config.services[0]!;
  const zone = config.calendars.find((c) => c.id === firstService.calendarId)!.timezone;
  const mix = s.callProgress ?? DEFAULT_CUSTOMER_MIX;
  const callers: PlannedCaller[] = [];
  for (const [serviceId, load] of Object.entries(s.services)) {
    const service = config.services.find((x) => x.id === serviceId)!;
    for (const [hour, perHour] of Object.entries(load.callsPerHour).sort()) {
      if (perHour <= 0) continue;
      const from = localToInstant(zone, s.date, `${hour}:00`);
      for (let t = from + exponential(random, 3_600_000 / perHour); t < from + 3_600_000; t += exponential(random, 3_600_000 / perHour)) {
        const talkMs = Math.max(5_000, lognormal(random, load.talkSeconds.mean, load.talkSeconds.cv) * 1000);
        callers.push({
          seq: 0, at: Math.round(t), serviceId, phone: '', talkMs,
          patienceMs: exponential(random, load.patienceSeconds) * 1000,
          takeUpDraw: random(),
          attempts: Array.from({ length: service.retry.maxAttempts }, () => ({ behaviour: weightedPick(random, mix), talkMs })),
          slotDraw: 0, slotPick: 0,
        });
      }
    }
  }
  callers.sort((a, b) => a.at - b.at);
  // Distinct valid Berlin numbers: no caller trips the per-number limits.
  callers.forEach((c, i) => { c.seq = i; c.phone = `+4930${String(20_000_000 + i)}`; });
  // The slot choice draws from a stream of its own, so adding it left every other draw of a seed as it was.
  const slots = seededRandom(s.seed + 0x51_07);
  for (const c of callers) { c.slotDraw = slots(); c.slotPick = slots(); }
  const shifts = s.agents.flatMap((g) => Array.from({ length: g.count }, (_, i) => ({
    agent: { id: `${g.id}-${i + 1}`, name: `${g.id} ${i + 1}`, sip: `sip:${g.id}-${i + 1}@sim.invalid`, skills: g.skills, groups: g.groups },
    from: localToInstant(zone, s.date, g.shift.from),
    to: localToInstant(zone, s.date, g.shift.to),
  })));
  const times = [...shifts.flatMap((x) => [x.from, x.to]), ...callers.map((c) => c.at)];
  const start = Math.min(...times) - 60_000;
  const end = Math.max(...times) + s.drainMinutes * 60_000;
  return { zone, callers, shifts, start, end };
}
