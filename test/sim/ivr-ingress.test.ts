import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { loadFlows } from '../../src/adapters/flows/load-flows.js';
import { callerAnswers, flowQuestions } from '../../src/cli/sim/ivr-caller.js';
import { planDay } from '../../src/cli/sim/plan.js';
import { runDay } from '../../src/cli/sim/run-day.js';
import { loadScenario } from '../../src/cli/sim/scenario.js';

const config = loadConfig('config.yaml', {});
const flow = loadFlows({ flowsDir: config.telephony.flowsDir, promptsDir: config.telephony.promptsDir, serviceIds: config.services.map((s) => s.id), baseDir: config.baseDir })
  .get(config.telephony.inboundFlow)!;

describe('simulated caller through flows/main.yaml', () => {
  it('answers the menus with the digits the flow maps to its service and language, and the offer by its intent', () => {
    const q = flowQuestions(flow);
    let offered = 0;
    const answer = callerAnswers(q, { serviceId: 'tech-support', language: 'de', acceptsOffer: true }, { offered: () => offered++ });
    expect(answer(['language_menu'])).toBe('2');
    expect(answer(['invalid_choice', 'service_menu'])).toBe('2');
    expect(answer(['ewt_long', 'offer_menu'])).toBe('1');
    expect(offered).toBe(1);
    expect(answer(['number_intro', 'digit_4', 'number_confirm'])).toBe('1');
    expect(answer(['time_menu'])).toBe('1');
    expect(answer(['hold_message', 'hold_music'])).toBeUndefined();
    const declines = callerAnswers(q, { serviceId: 'sales', language: 'en', acceptsOffer: false }, { offered: () => undefined });
    expect(declines(['service_menu'])).toBe('3');
    expect(declines(['offer_menu'])).toBe('2');
  });

  it('a caller who schedules asks for the slots read out and picks one of them by its draw', () => {
    const q = flowQuestions(flow);
    const pick = (slotPick: number) => callerAnswers(q, { serviceId: 'billing', language: 'de', acceptsOffer: true, schedules: true, slotPick }, { offered: () => undefined });
    const three = ['time_option', 'num_1', 'x', 'time_option', 'num_2', 'y', 'time_option', 'num_3', 'z', 'time_pick'];
    expect(pick(0)(['time_menu'])).toBe('2');
    expect(pick(0)(three)).toBe('1');
    expect(pick(0.5)(three)).toBe('2');
    expect(pick(0.99)(three)).toBe('3');
    expect(pick(0.99)(['time_option', 'num_1', 'x', 'time_pick'])).toBe('1');
  });

  it('scheduled callbacks: booked through the flow, dialled at their slot, punctuality measured', async () => {
    const scenario = loadScenario('test/sim/fixtures/tiny-scheduled.yaml', config);
    const run = await runDay(config, scenario, planDay(config, scenario), { offerCallbacks: true, ingress: 'ivr', summary: false });
    expect(run.errors).toEqual([]);
    const booked = run.records.filter((r) => r.outcome === 'callback');
    expect(booked.length).toBeGreaterThan(0);
    expect(booked.every((r) => r.slotStart !== undefined && r.slotStart > r.arrivedAt)).toBe(true);
    const p = run.figures.ewtComparison.scheduledPunctuality;
    expect(p.samples).toBeGreaterThan(0);
    expect(p.samples + p.undialled).toBe(booked.length);
    // Queued leadMinutes before the slot by design (an agent is free at its start), never earlier.
    const lead = config.services.find((x) => x.id === 'billing')!.leadMinutes * 60_000;
    expect(booked.filter((r) => r.firstDialAt !== undefined).every((r) => r.firstDialAt! >= r.slotStart! - lead)).toBe(true);
    expect(p.p50LateSeconds!).toBeGreaterThanOrEqual(0);
    expect(p.p90LateSeconds!).toBeGreaterThanOrEqual(p.p50LateSeconds!);
    const shares = p.within.map((w) => w.share!);
    expect(shares).toEqual([...shares].sort((a, b) => a - b)); // within 1 ≤ within 5 ≤ within 15 minutes
    expect(run.figures.ewtComparison.callbackFirstDial.samples).toBe(0); // none was "as soon as possible"
  }, 120_000);

  it('a day through the IVR: every caller accounted for, offers and callbacks made by the flow', async () => {
    const scenario = loadScenario('test/sim/fixtures/tiny.yaml', config);
    const plan = planDay(config, scenario);
    const run = await runDay(config, scenario, plan, { offerCallbacks: true, ingress: 'ivr' });
    const f = run.figures;
    expect(run.errors).toEqual([]);
    expect(f.stillWaiting).toBe(0);
    expect(f.answered + f.abandoned + f.callbacks.accepted + run.records.filter((r) => r.outcome === 'callback-refused').length).toBe(f.arrivals);
    expect(f.callbacks.offered).toBeGreaterThan(0);
    expect(f.callbacks.accepted).toBeGreaterThan(0);
    expect(f.callbacks.accepted).toBeLessThanOrEqual(f.callbacks.offered);
    const answered = run.records.filter((r) => r.outcome === 'answered');
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((r) => r.predictions !== undefined)).toBe(true);
    // Queued callbacks: the promise is GET /v1/callbacks/{id}'s ewtSeconds when it joined the queue, measured to its first dial.
    const promised = run.records.filter((r) => r.outcome === 'callback' && r.promisedAt !== undefined && r.firstDialAt !== undefined);
    expect(promised.length).toBeGreaterThan(0);
    expect(promised.every((r) => r.promisedAt! >= r.arrivedAt && r.firstDialAt! >= r.promisedAt!)).toBe(true);
    expect(f.ewtComparison.callbackFirstDial.samples).toBe(promised.filter((r) => r.promisedDialSeconds != null && r.slotStart === undefined).length);
    const ids = run.dials.map((d) => d.callId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);
});
