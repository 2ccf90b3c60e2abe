import { resolve } from 'node:path';
import { sha256Hex } from '../../src/app/access/directory.js';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadConfigWithWarnings } from '../../src/adapters/config/load-config.js';
import { DEFAULT_DISPOSITION_CODES, DEFAULT_REASON_CODES } from '../../src/adapters/config/schema.js';

const root = resolve('.');

describe('the shipped config.yaml', () => {
  const config = loadConfig('config.yaml', {});

  it('loads with the documented example contents', () => {
    expect(config.company.name).toBe('Northwind Energy');
    expect(config.baseDir).toBe(root);
    expect(config.calendars.map((c) => c.id)).toEqual(['office']);
    const office = config.calendars[0]!;
    expect(office.timezone).toBe('Europe/Berlin');
    expect(office.weekly.fri).toEqual([{ from: '08:00', to: '18:00' }]);
    expect(office.weekly.sat).toEqual([{ from: '09:00', to: '13:00' }]);
    expect(office.weekly.sun).toBeUndefined();
    expect(office.holidays.map((h) => h.date)).toEqual(['2026-12-25', '2026-12-26', '2027-01-01']);
    expect(office.specialDays).toEqual([{ date: '2026-12-24', name: 'Christmas Eve', hours: [{ from: '08:00', to: '12:00' }] }]);
    expect(config.agents).toHaveLength(6);
    expect(config.rules.allowedCountries).toEqual(['DE', 'AT', 'CH', 'GB', 'US', 'FR', 'NL']);
    expect(config.rules.blockedPatterns.every((p) => new RegExp(p).test('+49900123456'))).toBe(true);
  });

  it('maps services to ServiceDef (calendar → calendarId) with distinct slots and dial modes', () => {
    expect(config.services.map((s) => [s.id, s.slotMinutes, s.dialMode, s.calendarId])).toEqual([
      ['billing', 30, 'reserved', 'office'],
      ['tech-support', 15, 'unreserved', 'office'],
      ['sales', 60, 'preview', 'office'],
    ]);
    const billing = config.services[0]!;
    expect(billing).not.toHaveProperty('calendar');
    expect(billing.capacity.overrides.length).toBeGreaterThan(0);
    expect(billing.retry.perOutcome.FAX).toEqual({ retry: false });
    expect(billing.defaultCountry).toBe('DE');
    expect(billing.callerId).toBe('+493012345678');
    // defaults filled in where the file is silent
    expect(config.services[2]!.purgeAfterMinutes).toBe(1440);
    expect(config.services[2]!.skills.anyOf).toEqual([]);
  });

  it('maps subjects to SubjectDef (service → serviceId), two per service', () => {
    for (const service of config.services) {
      expect(config.subjects.filter((s) => s.serviceId === service.id)).toHaveLength(2);
    }
  });

  it('takes secrets and the driver from the environment, with the written defaults', () => {
    expect(config.http.adminToken).toBe('change-me-admin');
    expect(config.http.apiKeys).toMatchObject([{ id: 'partner-app', keyHash: sha256Hex('partner-dev-key') }]);
    expect(config.telephony.driver).toBe('simulated');
    const fromEnv = loadConfig('config.yaml', { HOLDLESS_PARTNER_KEY: 'real-partner-key', HOLDLESS_TELEPHONY_DRIVER: 'none' });
    expect(fromEnv.http.apiKeys[0]!.keyHash).toBe(sha256Hex('real-partner-key'));
    expect(fromEnv.telephony.driver).toBe('none');
  });

  it('resolves relative paths against the config file directory', () => {
    expect(config.storage.path).toBe(resolve(root, 'data/holdless.db'));
    expect(config.telephony.flowsDir).toBe(resolve(root, 'flows'));
    expect(config.telephony.promptsDir).toBe(resolve(root, 'prompts'));
  });
});

describe('loadConfig', () => {
  const minimal = 'test/config/fixtures/good/minimal.yaml';
  const dir = resolve('test/config/fixtures/good');

  it('applies schema defaults', () => {
    const c = loadConfig(minimal, {});
    expect(c.http.host).toBe('127.0.0.1');
    expect(c.http.bodyLimitBytes).toBe(16384);
    expect(c.storage.synchronous).toBe('FULL');
    expect(c.storage.groupCommitMaxDelayMs).toBe(2);
    expect(c.telephony).toMatchObject({ driver: 'none', inboundFlow: 'main', allowDefaultSecrets: false, mediaServers: [] });
    expect(c.telephony.drachtio).toEqual({ host: '127.0.0.1', port: 9022, secret: 'cymru' });
    expect(c.logging.level).toBe('info');
    expect(c.reasonCodes).toEqual(DEFAULT_REASON_CODES);
    expect(c.dispositionCodes).toEqual(DEFAULT_DISPOSITION_CODES);
    expect(c.rules).toEqual({
      maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 6, perIpRequestsPerMinute: 30,
      allowedCountries: [], blockedPatterns: [], callingWindow: { from: '08:00', to: '21:00' },
      blockPremium: true, blockSharedCost: true,
    });
    const s = c.services[0]!;
    expect(s).toMatchObject({
      slotMinutes: 30, dialMode: 'reserved', purgeAfterMinutes: 1440, expireAtEndOfDay: false, priority: 5,
      language: 'en', defaultCountry: 'US', leadMinutes: 0, horizonDays: 30, initialHandleSeconds: 300,
      ringTimeoutSeconds: 25, wrapUpSeconds: 30, offer: { autoTransferBelowSeconds: 120, upperPlaybackSeconds: 1800 },
      retry: { maxAttempts: 3, intervalMinutes: 10, perOutcome: {} },
    });
    expect(s.skills).toEqual({ allOf: [{ skill: 'support', minLevel: 1 }], anyOf: [], expansion: [] });
    expect(c.subjects).toEqual([{ id: 'help', label: 'Help', serviceId: 'support', extraSkills: [] }]);
    expect(c.agents[0]!.groups).toEqual([]);
  });

  it('substitutes ${VAR:-default}, typing an unquoted whole placeholder and keeping quoted ones strings', () => {
    const d = loadConfig(minimal, {});
    expect(d.http.port).toBe(9090);
    expect(d.http.trustProxy).toBe(false);
    expect(d.http.adminToken).toBe('default-admin-token');
    expect(d.http.corsOrigins).toEqual(['http://localhost:3000']);
    expect(d.http.apiKeys[0]!.keyHash).toBe(sha256Hex('12345678'));
    const e = loadConfig(minimal, { TEST_PORT: '7000', TEST_ADMIN: 'from-env-token', TEST_ORIGIN_PORT: '8443', TEST_TRUST: 'true', TEST_QUOTED: 'abcdefgh', TEST_ORIGIN: '' });
    expect(e.http.port).toBe(7000);
    expect(e.http.trustProxy).toBe(true);
    expect(e.http.adminToken).toBe('from-env-token');
    expect(e.http.corsOrigins).toEqual(['http://localhost:8443']); // empty counts as unset, like the shell
    expect(e.http.apiKeys[0]!.keyHash).toBe(sha256Hex('abcdefgh'));
  });

  it('applies HOLDLESS_* overrides and HOLDLESS_CONFIG', () => {
    const c = loadConfig('no-such-file.yaml', {
      HOLDLESS_CONFIG: minimal, HOLDLESS_HTTP_PORT: '8181', HOLDLESS_DB_PATH: ':memory:',
      HOLDLESS_ADMIN_TOKEN: 'override-token', HOLDLESS_TELEPHONY_DRIVER: 'simulated', HOLDLESS_HTTP_HOST: '0.0.0.0', HOLDLESS_LOG_LEVEL: 'debug',
    });
    expect(c.company.name).toBe('Minimal Co');
    expect(c.http).toMatchObject({ port: 8181, host: '0.0.0.0', adminToken: 'override-token' });
    expect(c.storage.path).toBe(':memory:');
    expect(c.telephony.driver).toBe('simulated');
    expect(c.logging.level).toBe('debug');
    expect(c.baseDir).toBe(dir);
  });

  it('resolves a relative storage path against the file, not the working directory', () => {
    expect(loadConfig(minimal, {}).storage.path).toBe(resolve(dir, '../state/test.db'));
  });

  it('warns about agent skills no service asks for, with the line', () => {
    const { warnings } = loadConfigWithWarnings(minimal, {});
    expect(warnings).toEqual([{ file: minimal, line: 31, path: 'agents[0].skills.suport', message: 'skill "suport" is not required by any service or subject' }]);
    const seen: string[] = [];
    loadConfig(minimal, {}, (_p, line) => seen.push(line));
    expect(seen).toEqual([`${minimal}:31 agents[0].skills.suport: skill "suport" is not required by any service or subject`]);
  });

  it('the shipped config has no warnings', () => {
    expect(loadConfigWithWarnings('config.yaml', {}).warnings).toEqual([]);
  });
});
