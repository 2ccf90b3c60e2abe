import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { loadScenario, parseScenario } from '../../src/cli/sim/scenario.js';
import { planDay } from '../../src/cli/sim/plan.js';

const config = loadConfig('config.yaml', {});

const GOOD = `name: t
date: "2026-03-03"
services:
  billing:
    callsPerHour: { "09": 60 }
    talkSeconds: { mean: 100 }
    patienceSeconds: 120
    callbackTakeUp: 0.5
agents:
  - { id: a, count: 2, skills: { billing: 4 }, shift: { from: "09:00", to: "10:00" } }
`;

const problems = (text: string) => {
  try {
    parseScenario(text, 'x.yaml', config);
  } catch (e) {
    return (e as { code: string; details: { problems: { line: number; path: string; message: string }[] } });
  }
  throw new Error('expected the scenario to be refused');
};

describe('scenario loader', () => {
  it('accepts a good file and fills in defaults', () => {
    const s = parseScenario(GOOD, 'x.yaml', config);
    expect(s.seed).toBe(1);
    expect(s.serviceLevelSeconds).toBe(20);
    expect(s.services['billing']!.talkSeconds.cv).toBe(1);
    expect(s.agents[0]!.groups).toEqual([]);
  });

  it('loads the shipped scenarios against config.yaml, with the sizes they promise', () => {
    const normal = planDay(config, loadScenario('scenarios/normal-day.yaml', config));
    const peak = planDay(config, loadScenario('scenarios/peak-day.yaml', config));
    expect(normal.shifts).toHaveLength(25);
    expect(normal.callers.length).toBeGreaterThan(5_400);
    expect(normal.callers.length).toBeLessThan(6_600);
    expect(peak.callers.length).toBeGreaterThan(18_000);
    expect(peak.callers.length).toBeLessThan(22_000);
    expect(new Set(Object.values(normal.callers).map((c) => c.serviceId))).toEqual(new Set(['billing', 'tech-support', 'sales']));
  });

  it('refuses an unknown service, naming the line', () => {
    const e = problems(GOOD.replace('  billing:', '  biling:'));
    expect(e.code).toBe('SCENARIO_INVALID');
    expect(e.details.problems).toEqual([expect.objectContaining({ line: 4, path: 'services.biling', message: expect.stringContaining("unknown service 'biling'") })]);
  });

  it('reports every schema problem at once, with lines', () => {
    const bad = GOOD.replace('callbackTakeUp: 0.5', 'callbackTakeUp: 1.5').replace('from: "09:00"', 'from: "9am"').replace('    patienceSeconds: 120\n', '');
    const e = problems(bad);
    const byPath = Object.fromEntries(e.details.problems.map((p) => [p.path, p]));
    expect(byPath['services.billing.callbackTakeUp']?.line).toBe(7);
    expect(byPath['services.billing.patienceSeconds']?.message).toBe('is required');
    expect(byPath['agents.0.shift.from']?.message).toBe('must be a time HH:MM');
  });

  it('refuses unknown keys, bad hours, shifts that end before they start, and YAML syntax errors', () => {
    expect(problems(`${GOOD}colour: red\n`).details.problems[0]).toMatchObject({ path: 'colour', message: 'unknown key' });
    expect(problems(GOOD.replace('"09": 60', '"9": 60')).details.problems[0]).toMatchObject({ path: 'services.billing.callsPerHour.9', message: 'hours are two digits, "00" to "23"' });
    expect(problems(GOOD.replace('to: "10:00"', 'to: "08:00"')).details.problems[0]).toMatchObject({ path: 'agents.0.shift', line: 10 });
    expect(problems('name: [unclosed\n').code).toBe('SCENARIO_INVALID');
  });
});
