import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { HoldlessError } from '../../src/domain/errors.js';

const dir = 'test/config/fixtures/bad';

/** Loads a broken file and returns the reported lines (the test fails if it loads). */
function problemsOf(name: string, env: Record<string, string> = {}): { message: string; problems: unknown[] } {
  try {
    loadConfig(`${dir}/${name}`, env);
  } catch (e) {
    expect(e).toBeInstanceOf(HoldlessError);
    const err = e as HoldlessError;
    expect(err.code).toBe('CONFIG_INVALID');
    return { message: err.message, problems: err.details['problems'] as unknown[] };
  }
  throw new Error(`${name} loaded without error`);
}

const TIME = 'must be a time "HH:MM" (00:00-23:59, or 24:00 as an end)';
const SECRET = 'is a well-known default secret; set a real one (or telephony.allowDefaultSecrets: true, development only)';

const cases: [string, string[]][] = [
  ['typo-key.yaml', [`${dir}/typo-key.yaml:4 http.prot: unknown key (did you mean "port"?)`]],
  ['bad-timezone.yaml', [`${dir}/bad-timezone.yaml:6 calendars[0].timezone: unknown IANA time zone "Europe/Atlantis" (e.g. Europe/Berlin)`]],
  ['unknown-calendar.yaml', [
    `${dir}/unknown-calendar.yaml:12 services[0].calendar: unknown calendar "ofice" (known: office)`,
    `${dir}/unknown-calendar.yaml:16 subjects[0].service: unknown service "biling" (known: billing)`,
  ]],
  ['bad-hhmm.yaml', [
    `${dir}/bad-hhmm.yaml:8 calendars[0].weekly.mon[0].from: ${TIME}`,
    `${dir}/bad-hhmm.yaml:10 calendars[0].weekly.tue[0]: "from" 18:00 must be before "to" 08:00`,
    `${dir}/bad-hhmm.yaml:11 calendars[0].weekly.wed[1]: overlaps or precedes the previous interval (list intervals in order)`,
    `${dir}/bad-hhmm.yaml:19 rules.callingWindow.to: ${TIME}`,
  ]],
  ['missing-env.yaml', [
    `${dir}/missing-env.yaml:3 http.adminToken: environment variable HOLDLESS_TEST_UNSET_TOKEN is not set (write \${HOLDLESS_TEST_UNSET_TOKEN:-default} for a default)`,
  ]],
  ['syntax-error.yaml', [
    `${dir}/syntax-error.yaml:7: Sequence item without - indicator`,
    `${dir}/syntax-error.yaml:12: Map keys must be unique`,
  ]],
  ['duplicate-ids.yaml', [
    `${dir}/duplicate-ids.yaml:15 services[1].id: duplicate id "billing"`,
    `${dir}/duplicate-ids.yaml:22 agents[1].id: duplicate id "alice"`,
  ]],
  ['bad-regex.yaml', [`${dir}/bad-regex.yaml:18 rules.blockedPatterns[1]: is not a valid regular expression (Unterminated group)`]],
  ['default-secret.yaml', [
    `${dir}/default-secret.yaml:6 telephony.drachtio.secret: ${SECRET}`,
    `${dir}/default-secret.yaml:8 telephony.mediaServers[0].secret: ${SECRET}`,
    `${dir}/default-secret.yaml:19 services[0].callerId: "+4930" is not a valid phone number`,
    `${dir}/default-secret.yaml:20 services[0].slotMinutes: must be one of: 15, 30, 60 (got 20)`,
  ]],
];

describe('broken config files are refused with file:line key.path: message', () => {
  it.each(cases)('%s', (name, expected) => {
    const { message, problems } = problemsOf(name);
    expect(message.split('\n')).toEqual(expected);
    expect(problems).toHaveLength(expected.length);
  });

  it('reports three problems of different kinds in one run', () => {
    const { message, problems } = problemsOf('three-problems.yaml');
    expect(message.split('\n')).toEqual([
      `${dir}/three-problems.yaml:6 calendars[0].timezone: unknown IANA time zone "Mars/Olympus_Mons" (e.g. Europe/Berlin)`,
      `${dir}/three-problems.yaml:14 services[0].callerId: must be an E.164 number like +493012345678`,
      `${dir}/three-problems.yaml:15 services[0].dialmode: unknown key (did you mean "dialMode"?)`,
    ]);
    expect(problems).toEqual([
      { file: `${dir}/three-problems.yaml`, line: 6, path: 'calendars[0].timezone', message: expect.stringContaining('Mars/Olympus_Mons') },
      { file: `${dir}/three-problems.yaml`, line: 14, path: 'services[0].callerId', message: expect.stringContaining('E.164') },
      { file: `${dir}/three-problems.yaml`, line: 15, path: 'services[0].dialmode', message: expect.stringContaining('unknown key') },
    ]);
  });

  it('a default secret is accepted when allowDefaultSecrets is set or the driver is not drachtio', () => {
    const { message } = problemsOf('default-secret.yaml', { HOLDLESS_TELEPHONY_DRIVER: 'simulated' });
    expect(message).not.toContain('default secret');
    expect(message).toContain('slotMinutes');
  });

  it('a bad environment override is reported against the variable, not a line', () => {
    const { message } = problemsOf('typo-key.yaml', { HOLDLESS_HTTP_PORT: 'eighty' });
    expect(message.split('\n')).toEqual([
      'environment HOLDLESS_HTTP_PORT http.port: must be integer (got "eighty")',
      `${dir}/typo-key.yaml:4 http.prot: unknown key (did you mean "port"?)`,
    ]);
  });

  it('an unreadable file is a CONFIG_INVALID naming the file', () => {
    const { message } = problemsOf('does-not-exist.yaml');
    expect(message).toMatch(/^test\/config\/fixtures\/bad\/does-not-exist\.yaml: cannot read the config file: ENOENT/);
  });
});
