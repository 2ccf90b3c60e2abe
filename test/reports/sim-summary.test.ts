/** The simulator's day reconciles: its summary (from its event log) against the simulator's own caller records. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { renderSummaryBlock } from '../../src/cli/report-block.js';
import { loadScenario } from '../../src/cli/sim/scenario.js';
import { simulate, type Simulation } from '../../src/cli/sim/simulate.js';

const config = loadConfig('config.yaml', {});
const scenario = loadScenario('test/sim/fixtures/tiny.yaml', config);
let sim: Simulation;
beforeAll(async () => { sim = await simulate(config, scenario); }, 60_000);

describe('summary of a simulated day', () => {
  it('matches the counts the simulator kept of its callers, and the block shows them', () => {
    const run = sim.withCallbacks;
    const billing = run.summary.find((r) => r.serviceId === 'billing' && r.period === 'total')!;
    const mine = run.records.filter((r) => r.serviceId === 'billing');
    const offered = mine.filter((r) => r.offered);
    const accepted = mine.filter((r) => r.outcome === 'callback' || r.outcome === 'callback-refused');
    expect(offered.length).toBeGreaterThan(0);
    expect(billing.offers).toMatchObject({ offered: offered.length, accepted: accepted.length, declined: offered.length - accepted.length, abandoned: 0 });
    expect(billing.requested.total).toBe(mine.filter((r) => r.callbackId).length);
    expect(billing.requested.byChannel).toEqual({ ivr: billing.requested.total });
    expect(billing.successful).toBe(run.figures.callbacks.successful);
    expect(billing.attempts.total).toBe(run.attempts.filter((a) => a.outcome !== undefined).length);
    expect(billing.live.answered).toBe(mine.filter((r) => r.outcome === 'answered').length);
    expect(billing.live.abandoned).toBe(mine.filter((r) => r.outcome === 'abandoned').length);
    expect(billing.live.queued).toBe(billing.live.answered + billing.live.abandoned);
    const connected = mine.filter((r) => r.connectedAt !== undefined);
    expect(billing.connected).toBe(connected.length);
    expect(billing.savings.timeSavedSeconds).toBe(connected.reduce((a, r) => a + (r.ewtSeconds ?? 0), 0));
    const block = renderSummaryBlock(run.summary);
    expect(block).toContain(`${offered.length} / ${accepted.length} / ${offered.length - accepted.length} / 0`);
    // Without callbacks nothing is offered.
    const none = sim.withoutCallbacks.summary.find((r) => r.serviceId === 'billing' && r.period === 'total')!;
    expect(none.offers.offered).toBe(0);
    expect(none.requested.total).toBe(0);
  });
});
