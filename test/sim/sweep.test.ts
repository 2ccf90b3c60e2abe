import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { loadScenario } from '../../src/cli/sim/scenario.js';
import { parseSweep, renderSweep, sweep, withOffer } from '../../src/cli/sim/sweep.js';
import { renderEwtComparison } from '../../src/cli/sim/ewt-table.js';

const config = loadConfig('config.yaml', {});
const scenario = loadScenario('test/sim/fixtures/tiny.yaml', config);

describe('--sweep of the offer policy', () => {
  it('parses a key for every service or for one, and refuses the rest with a code', () => {
    expect(parseSweep('offer.autoTransferBelowSeconds=60,120,300', config)).toEqual({ serviceId: undefined, key: 'autoTransferBelowSeconds', values: [60, 120, 300] });
    expect(parseSweep('billing.offer.upperPlaybackSeconds=600', config).serviceId).toBe('billing');
    for (const bad of ['offer.nope=1', 'offer.autoTransferBelowSeconds=a', 'biling.offer.autoTransferBelowSeconds=1', 'autoTransferBelowSeconds=1']) {
      expect(() => parseSweep(bad, config)).toThrow(expect.objectContaining({ code: 'SWEEP_INVALID' }));
    }
    const one = withOffer(config, parseSweep('billing.offer.autoTransferBelowSeconds=7', config), 7);
    expect(one.services.find((s) => s.id === 'billing')!.offer.autoTransferBelowSeconds).toBe(7);
    expect(one.services.find((s) => s.id === 'sales')!.offer).toEqual(config.services.find((s) => s.id === 'sales')!.offer);
  });

  it('a lower threshold offers more callbacks on the same callers, and each row has its figures', async () => {
    const spec = parseSweep('offer.autoTransferBelowSeconds=0,100000', config);
    const rows = await sweep(config, scenario, spec);
    expect(rows.map((r) => r.value)).toEqual([0, 100000]);
    expect(rows[0]!.figures.arrivals).toBe(rows[1]!.figures.arrivals);
    expect(rows[0]!.figures.callbacks.offered).toBeGreaterThan(0);
    expect(rows[1]!.figures.callbacks.offered).toBeLessThan(rows[0]!.figures.callbacks.offered);
    const table = renderSweep(spec, rows);
    expect(table).toContain('abandonment');
    expect(table.split('\n')).toHaveLength(4);
    const ewt = renderEwtComparison(rows[0]!.figures.ewtComparison, 'tiny');
    expect(ewt).toMatch(/^billing /m);
    expect(ewt).toMatch(/^all /m);
  }, 60_000);
});
