import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { reportSettingsOf } from '../../src/adapters/config/report-settings.js';
import { tempDir } from '../../src/testing/test-config.js';

describe('reports config', () => {
  it('the shipped file sets a cost per hold minute with a per-service override', () => {
    const settings = reportSettingsOf(loadConfig('config.yaml', {}).reports);
    expect(settings('billing')).toEqual({ currency: 'EUR', holdCostPerMinute: 0.45, serviceLevelSeconds: 20, punctualityMinutes: 5 });
    expect(settings('tech-support')).toMatchObject({ holdCostPerMinute: 0.6, serviceLevelSeconds: 30 });
  });

  it('defaults apply when the section is absent', () => {
    expect(reportSettingsOf(undefined)('billing')).toEqual({ currency: 'EUR', holdCostPerMinute: 0.5, serviceLevelSeconds: 20, punctualityMinutes: 5 });
  });

  it('refuses an override for a service that does not exist, and a bad currency', () => {
    const dir = tempDir();
    const file = join(dir, 'config.yaml');
    const text = readFileSync('config.yaml', 'utf8').replace('tech-support: { holdCostPerMinute', 'tech-suport: { holdCostPerMinute').replace('currency: EUR', 'currency: euro');
    writeFileSync(file, text);
    expect(() => loadConfig(file, {})).toThrow(/reports\.currency/);
    writeFileSync(file, text.replace('currency: euro', 'currency: EUR'));
    expect(() => loadConfig(file, {})).toThrow(/reports\.services\.tech-suport: unknown service "tech-suport"/);
  });
});
