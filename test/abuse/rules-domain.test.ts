import { describe, expect, it } from 'vitest';
import { effectiveRules, perNumberLimit, ruleOf, throttleVerdict } from '../../src/domain/abuse-rules.js';
import type { NumberRules, ServiceRules } from '../../src/domain/model.js';
import { checkNumber } from '../../src/domain/phone.js';

const GLOBAL: NumberRules = {
  maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 6, perIpRequestsPerMinute: 30,
  allowedCountries: ['DE', 'US'], blockedPatterns: ['^\\+4915199'], callingWindow: { from: '08:00', to: '21:00' },
};
const MIN = 60_000;

describe('effectiveRules', () => {
  it('takes each field a service sets and keeps the global ones otherwise', () => {
    const r = effectiveRules(GLOBAL, { rules: { allowedCountries: ['GB'], serviceThrottle: { requests: 2, windowMinutes: 5 } } });
    expect(r.allowedCountries).toEqual(['GB']);
    expect(r.blockedPatterns).toEqual(['^\\+4915199']);
    expect(r.serviceThrottle).toEqual({ requests: 2, windowMinutes: 5 });
    expect(effectiveRules(GLOBAL, undefined)).toBe(GLOBAL);
    expect(effectiveRules(GLOBAL, { rules: { allowedCountries: [] } }).allowedCountries).toEqual([]);
  });
});

describe('perNumberLimit', () => {
  it.each([
    ['default: the 24 h count', GLOBAL, { count: 6, windowMinutes: 1440 }],
    ['own time frame', { ...GLOBAL, requestsPerNumber: { count: 2, windowMinutes: 30 } }, { count: 2, windowMinutes: 30 }],
  ])('%s', (_n, rules, want) => {
    expect(perNumberLimit(rules)).toMatchObject({ ...want, windowMs: want.windowMinutes * MIN });
  });
});

describe('throttleVerdict', () => {
  const rules = { ...GLOBAL, serviceThrottle: { requests: 3, windowMinutes: 10 } };
  const now = 1_000 * MIN;
  it.each([
    ['no throttle', GLOBAL, 99, undefined, { ok: true }],
    ['under the limit', rules, 2, now - 5 * MIN, { ok: true }],
    ['at the limit: retry when the oldest leaves the window', rules, 3, now - 4 * MIN, { ok: false, retryAfterSeconds: 360 }],
    ['oldest just leaving: at least 1 s', rules, 3, now - 10 * MIN + 10, { ok: false, retryAfterSeconds: 1 }],
  ])('%s', (_n, r, count, oldest, want) => {
    expect(throttleVerdict(r, { count, oldest }, now)).toEqual(want);
  });
});

describe('number rules per service in checkNumber', () => {
  const svc = (rules: ServiceRules) => effectiveRules(GLOBAL, { rules });
  it.each([
    ['premium refused by default', '+1 900 555 1234', {}, 'PHONE_PREMIUM'],
    ['premium allowed by the service switch', '+1 900 555 1234', { blockPremium: false }, undefined],
    ['UK shared cost (0845) is classed premium; allowed with blockPremium false', '+44 845 000 1234', { blockPremium: false, allowedCountries: [] }, undefined],
    ['country allowed globally, not for this service', '+49 30 901820', { allowedCountries: ['US'] }, 'PHONE_COUNTRY_NOT_ALLOWED'],
    ['country refused globally, allowed for this service', '+33 1 42 68 53 00', { allowedCountries: ['FR'] }, undefined],
    ['service pattern', '+1 213 373 4253', { blockedPatterns: ['^\\+1213'] }, 'PHONE_BLOCKED_PATTERN'],
    ['service patterns replace the global ones', '+49 151 99123456', { blockedPatterns: [] }, undefined],
    ['16 digits stay refused whatever the service allows', '+49 1234 567890123456', { allowedCountries: [], blockPremium: false }, 'PHONE_IMPOSSIBLE'],
  ])('%s', (_n, phone, rules, code) => {
    const c = checkNumber(phone, { rules: svc(rules) });
    if (code === undefined) expect(c.ok, JSON.stringify(c)).toBe(true);
    else expect(c).toMatchObject({ ok: false, code });
  });

  it('names the rule behind a refusal', () => {
    expect(ruleOf('PHONE_COUNTRY_NOT_ALLOWED')).toBe('allowedCountries');
    expect(ruleOf('PHONE_PREMIUM')).toBe('blockPremium');
    expect(ruleOf('PHONE_IMPOSSIBLE')).toBe('format');
  });
});
