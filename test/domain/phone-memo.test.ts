/** checkNumber memoises what a number is, never what the rules say about it. */
import { describe, expect, it } from 'vitest';
import { checkNumber, describePhone, redactPhone } from '../../src/domain/phone.js';
import type { NumberRules } from '../../src/domain/model.js';

const rules = (): NumberRules => ({
  maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 5, perIpRequestsPerMinute: 10,
  allowedCountries: [], blockedPatterns: [], callingWindow: { from: '08:00', to: '21:00' },
});

describe('checkNumber, asked again for the same number', () => {
  it('applies rules changed in place since the last check (the dial-time re-check)', () => {
    const r = rules();
    const first = checkNumber('+49 30 1234567', { rules: r });
    expect(first).toMatchObject({ ok: true, e164: '+49301234567', country: 'DE' });
    r.blockedPatterns.push('^\\+4930');
    expect(checkNumber('+49 30 1234567', { rules: r })).toMatchObject({ ok: false, code: 'PHONE_BLOCKED_PATTERN' });
    r.blockedPatterns.length = 0;
    r.allowedCountries.push('AT');
    expect(checkNumber('+49 30 1234567', { rules: r })).toMatchObject({ ok: false, code: 'PHONE_COUNTRY_NOT_ALLOWED' });
    r.allowedCountries.push('DE');
    expect(checkNumber('+49 30 1234567', { rules: r })).toEqual(first);
  });

  it('gives the same answer as the first time, formatted forms included, per default country', () => {
    const once = checkNumber('030 1234567', { defaultCountry: 'DE', rules: rules() });
    const again = checkNumber('030 1234567', { defaultCountry: 'DE', rules: rules() });
    expect(again).toEqual(once);
    expect(again).toMatchObject({ ok: true, e164: '+49301234567', national: '030 1234567', international: '+49 30 1234567' });
    expect(checkNumber('030 1234567', { defaultCountry: 'AT', rules: rules() })).toMatchObject({ e164: '+43301234567' });
    const refused = checkNumber('+49 900 1234567', { rules: rules() });
    expect(checkNumber('+49 900 1234567', { rules: rules() })).toEqual(refused);
    expect(refused.ok).toBe(false);
  });

  it('a number with its country code is one entry whatever the default country; describe and redact read it too', () => {
    const de = checkNumber('+44 20 7946 0958', { defaultCountry: 'DE', rules: rules() });
    expect(checkNumber('+44 20 7946 0958', { defaultCountry: 'US', rules: rules() })).toEqual(de);
    expect(checkNumber('+442079460958', { rules: rules() })).toMatchObject({ ok: true, e164: '+442079460958', country: 'GB' });
    expect(describePhone('+442079460958')).toEqual({ national: '020 7946 0958', international: '+44 20 7946 0958', country: 'GB' });
    expect(redactPhone('+442079460958')).toBe('+44********58');
    // Refused numbers and unreadable strings still describe and redact as before (parsed afresh).
    expect(describePhone('+499001234567')).toMatchObject({ country: 'DE' });
    expect(redactPhone('+499001234567')).toBe('+49********67');
    expect(describePhone('not a number')).toBeNull();
  });
});
