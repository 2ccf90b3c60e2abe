import { describe, expect, it } from 'vitest';
import { checkNumber, redactPhone, typeRefusal } from '../../src/domain/phone.js';
import type { NumberRules } from '../../src/domain/model.js';
import { HoldlessError } from '../../src/domain/errors.js';

const rules = (p: Partial<NumberRules> = {}): NumberRules => ({
  maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 5, perIpRequestsPerMinute: 10,
  allowedCountries: [], blockedPatterns: [], callingWindow: { from: '08:00', to: '21:00' }, ...p,
});
const check = (raw: unknown, defaultCountry?: string, r: NumberRules = rules()) => checkNumber(raw, { defaultCountry, rules: r });

describe('checkNumber: accepted numbers normalise to one E.164 (B1.1)', () => {
  it.each([
    ['+12133734253', undefined, '+12133734253', 'US'],
    ['12133734253', 'US', '+12133734253', 'US'],
    ['(213) 373-4253', 'US', '+12133734253', 'US'],
    ['+1 213.373.4253', undefined, '+12133734253', 'US'],
    ['＋１２１３３７３４２５３', undefined, '+12133734253', 'US'], // full-width, normalised by NFKC
    ['+1\u00a0213\u00a0373\u00a04253', undefined, '+12133734253', 'US'], // NBSP
    ['+49 30 901820', undefined, '+4930901820', 'DE'],
    ['030 901820', 'DE', '+4930901820', 'DE'],
    ['0049 30 90182000', 'DE', '+493090182000', 'DE'],
    ['+49 171 1234567', undefined, '+491711234567', 'DE'],
    ['+44 20 7946 0958', undefined, '+442079460958', 'GB'],
    ['+1 800 555 1234', undefined, '+18005551234', 'US'], // toll free is allowed
    ['+44 56 1234 5678', undefined, '+445612345678', 'GB'], // VoIP is allowed
  ])('%s (default %s) → %s', (raw, dc, e164, country) => {
    const r = check(raw, dc);
    expect(r).toMatchObject({ ok: true, e164, country });
    if (r.ok) expect(r.national).toMatch(/\d/);
  });

  it('returns formatted forms', () => {
    expect(check('+12133734253')).toEqual({ ok: true, e164: '+12133734253', country: 'US', type: 'FIXED_LINE_OR_MOBILE', national: '(213) 373-4253', international: '+1 213 373 4253' });
  });
});

describe('checkNumber: refusals (B1.2–B1.10)', () => {
  it.each<[string, unknown, string | undefined, string]>([
    ['empty string', '', 'US', 'PHONE_EMPTY'],
    ['blanks only', '   ', 'US', 'PHONE_EMPTY'],
    ['null', null, 'US', 'PHONE_EMPTY'],
    ['JSON number (precision lost)', 12133734253000000, 'US', 'PHONE_UNPARSABLE'],
    ['+ alone', '+', undefined, 'PHONE_UNPARSABLE'],
    ['16+ digits', '+12133734253000000', undefined, 'PHONE_IMPOSSIBLE'],
    ['national number without a default country', '2133734253', undefined, 'PHONE_UNPARSABLE'],
    ['Arabic-Indic digits', '+١٢١٣٣٧٣٤٢٥٣', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['zero-width joiner', '+1213\u200d3734253', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['RTL override', '\u202e+12133734253', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['control character', '+1213\u00003734253', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['CR LF', '+12133734253\r\nVia: x', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['vanity letters', '1-800-GOT-MILK', 'US', 'PHONE_INVALID_CHARACTERS'],
    ['star code', '*555', 'US', 'PHONE_INVALID_CHARACTERS'],
    ['caller-id suppression', '#31#+4930901820', 'DE', 'PHONE_INVALID_CHARACTERS'],
    ['extension ;ext=', '+12133734253;ext=123', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['two in one with x', 'x302/x2303', 'US', 'PHONE_INVALID_CHARACTERS'],
    ['sip uri', 'sip:attacker@evil.com', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['uri parameter', '+1213;transport=tcp', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['host part', '1213@10.0.0.5', 'US', 'PHONE_INVALID_CHARACTERS'],
    ['percent-encoded CRLF', '%0d%0aVia:', undefined, 'PHONE_INVALID_CHARACTERS'],
    ['911', '911', 'US', 'PHONE_EMERGENCY'],
    ['112', '112', 'DE', 'PHONE_EMERGENCY'],
    ['999', '999', 'GB', 'PHONE_EMERGENCY'],
    ['000', '000', 'AU', 'PHONE_EMERGENCY'],
    ['110', '110', 'DE', 'PHONE_EMERGENCY'],
    ['+112', '+112', undefined, 'PHONE_EMERGENCY'],
    ['+1 911 prefix', '+1 911 555 1234', undefined, 'PHONE_EMERGENCY'],
    ['N11 411', '411', 'US', 'PHONE_SHORT_CODE'],
    ['N11 211', '211', 'US', 'PHONE_SHORT_CODE'],
    ['5-digit short code', '11833', 'DE', 'PHONE_SHORT_CODE'],
    ['US premium 900', '+1 900 555 1234', undefined, 'PHONE_PREMIUM'],
    ['UK premium 09', '+44 909 090 1234', undefined, 'PHONE_PREMIUM'],
    ['UK 084 (classed premium by the metadata)', '+44 845 000 1234', undefined, 'PHONE_PREMIUM'],
    ['DE premium 0900', '+49 900 1234567', undefined, 'PHONE_PREMIUM'],
    ['DE shared cost 0180', '+49 180 1 234567', undefined, 'PHONE_SHARED_COST'],
    ['UK UAN 03', '+44 300 123 4567', undefined, 'PHONE_TYPE_NOT_ALLOWED'],
    ['UK personal number 070', '+44 70 1234 5678', undefined, 'PHONE_TYPE_NOT_ALLOWED'],
    ['DE personal number 0700', '+49 700 12345678', undefined, 'PHONE_TYPE_NOT_ALLOWED'],
    ['UK pager 076', '+44 7640 123456', undefined, 'PHONE_TYPE_NOT_ALLOWED'],
    ['possible but invalid range (US 213 000)', '+1 213 000 0000', undefined, 'PHONE_INVALID'],
    ['possible but invalid (DE 016 short)', '+49 16 1234567', undefined, 'PHONE_INVALID'],
    ['too short international', '+1 213 373', undefined, 'PHONE_IMPOSSIBLE'],
  ])('%s → %s', (_n, raw, dc, code) => {
    const r = check(raw, dc);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message.length).toBeGreaterThan(0);
    }
  });

  it('refused types carry the e164 and type for the caller to log', () => {
    expect(check('+19005551234')).toMatchObject({ ok: false, code: 'PHONE_PREMIUM', e164: '+19005551234', country: 'US', type: 'PREMIUM_RATE' });
  });

  it('type policy: voicemail, pager, UAN, personal refused; ordinary types and undefined allowed', () => {
    expect(typeRefusal('VOICEMAIL')).toBe('PHONE_TYPE_NOT_ALLOWED');
    expect(typeRefusal('PAGER')).toBe('PHONE_TYPE_NOT_ALLOWED');
    for (const t of ['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'TOLL_FREE', 'VOIP', undefined] as const) expect(typeRefusal(t)).toBeUndefined();
  });
});

describe('checkNumber: allowed countries and blocked patterns', () => {
  const eu = rules({ allowedCountries: ['DE', 'GB', 'US'] });
  it.each([
    ['+675 7012 3456', 'Papua New Guinea'],
    ['+882 1300 0000', '+882 international network (no country)'],
    ['+870 773 111 222', '+870 satellite'],
    ['+247 65000', 'Ascension'],
    ['+33 1 23 45 67 89', 'France'],
  ])('%s (%s) is refused by the allowlist', (raw) => {
    expect(check(raw, undefined, eu)).toMatchObject({ ok: false, code: 'PHONE_COUNTRY_NOT_ALLOWED' });
  });
  it('allowed countries pass, and an empty list allows any', () => {
    expect(check('+4930901820', undefined, eu).ok).toBe(true);
    expect(check('+675 7012 3456').ok).toBe(true);
  });
  it('blocked patterns are matched against the +E.164 form', () => {
    const blocked = rules({ blockedPatterns: ['^\\+4930901'] });
    expect(check('030 901820', 'DE', blocked)).toMatchObject({ ok: false, code: 'PHONE_BLOCKED_PATTERN', e164: '+4930901820' });
    // a pattern written without the '+' anchored at the start does not match (regression: the + is part of the form)
    expect(check('030 901820', 'DE', rules({ blockedPatterns: ['^4930901'] })).ok).toBe(true);
    expect(check('+12133734253', undefined, blocked).ok).toBe(true);
  });
  it('an invalid blocked pattern is a configuration error', () => {
    expect(() => check('+12133734253', undefined, rules({ blockedPatterns: ['(+'] }))).toThrow(HoldlessError);
  });
});

describe('redactPhone', () => {
  it.each([
    ['+49301234567', '+49*******67'],
    ['+4930901820', '+49******20'],
    ['+12133734253', '+1********53'],
    ['+442079460958', '+44********58'],
  ])('%s → %s', (e164, redacted) => {
    expect(redactPhone(e164)).toBe(redacted);
    expect(redactPhone(e164)).toHaveLength(e164.length);
  });
  it('never shows the middle digits of garbage input', () => {
    expect(redactPhone('+999123456789')).not.toContain('1234');
  });
});
