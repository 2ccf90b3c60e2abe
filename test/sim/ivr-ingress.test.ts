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
    const ids = run.dials.map((d) => d.callId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);
});
