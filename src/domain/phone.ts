import { parsePhoneNumberWithError, ParseError, validatePhoneNumberLength, type NumberType, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { HoldlessError } from './errors.js';
import type { NumberRules } from './model.js';

/**
 * Phone-number admission: one check used by the HTTP API, the IVR capture and the dialer, so
 * the dial string is only ever built from a validated E.164 number (DESIGN.md invariant 4).
 * Uses the /max metadata: number types (premium, shared cost…) need it.
 *
 * Character policy: the input is NFKC-normalised first, which turns full-width digits
 * ("１２３") and NBSP into ASCII; after that only ASCII digits, one leading '+', spaces and
 * the separators - . ( ) are accepted. Everything else is refused, on purpose: letters and
 * vanity numbers, '*' and '#' (caller-ID suppression codes), ';' and '@' and ':' (SIP-URI or
 * parameter injection), '/', '%', control and format characters (zero-width joiners, RTL
 * overrides) and non-ASCII digits such as Arabic-Indic ones.
 */

export type PhoneRefusalCode =
  | 'PHONE_EMPTY' | 'PHONE_INVALID_CHARACTERS' | 'PHONE_UNPARSABLE' | 'PHONE_IMPOSSIBLE'
  | 'PHONE_INVALID' | 'PHONE_PREMIUM' | 'PHONE_SHARED_COST' | 'PHONE_SHORT_CODE'
  | 'PHONE_EMERGENCY' | 'PHONE_TYPE_NOT_ALLOWED' | 'PHONE_COUNTRY_NOT_ALLOWED' | 'PHONE_BLOCKED_PATTERN';

/** Refusals of a number that is real but not called by policy (HTTP 403), as opposed to bad input. */
export const POLICY_REFUSALS: ReadonlySet<string> = new Set<PhoneRefusalCode>([
  'PHONE_PREMIUM', 'PHONE_SHARED_COST', 'PHONE_COUNTRY_NOT_ALLOWED', 'PHONE_BLOCKED_PATTERN', 'PHONE_TYPE_NOT_ALLOWED',
  'PHONE_SHORT_CODE', 'PHONE_EMERGENCY',
]);

/** Which way an impossible number is wrong, so a visitor can be told "too short" or "too long". */
export type PhoneLengthProblem = 'TOO_SHORT' | 'TOO_LONG';

export type NumberCheck =
  | { ok: true; e164: string; country: string | undefined; type: NumberType; national: string; international: string }
  | { ok: false; code: PhoneRefusalCode; message: string; e164?: string; country?: string; type?: NumberType; length?: PhoneLengthProblem };

export interface CheckNumberOptions { defaultCountry?: string; rules: NumberRules }

const ALLOWED_CHARS = /^\+?[0-9 ().-]*$/;
const E164_MAX_DIGITS = 15;

/** Emergency numbers worldwide (never auto-dialled), compared with the bare digits. */
export const EMERGENCY_CODES: ReadonlySet<string> = new Set([
  '911', '112', '999', '000', '110', '118', '119', '100', '101', '102', '103', '108', '15', '17', '18',
  '061', '062', '080', '113', '190', '192', '193', '155', '122', '123', '997', '998',
]);
/** North-American N11 service codes other than 911, and the shortest digit strings we ever accept. */
const N11 = /^[2-8]11$/;
const SHORT_CODE_MAX_DIGITS = 6;

const REFUSED_TYPES: Partial<Record<NonNullable<NumberType>, PhoneRefusalCode>> = {
  PREMIUM_RATE: 'PHONE_PREMIUM',
  SHARED_COST: 'PHONE_SHARED_COST',
  UAN: 'PHONE_TYPE_NOT_ALLOWED',
  PERSONAL_NUMBER: 'PHONE_TYPE_NOT_ALLOWED',
  VOICEMAIL: 'PHONE_TYPE_NOT_ALLOWED',
  PAGER: 'PHONE_TYPE_NOT_ALLOWED',
};

/**
 * Refusal code for a number type, or undefined when the type may be dialled (FIXED_LINE, MOBILE,
 * FIXED_LINE_OR_MOBILE, TOLL_FREE, VOIP, and a valid number whose type the metadata leaves open).
 */
export function typeRefusal(type: NumberType): PhoneRefusalCode | undefined {
  return type === undefined ? undefined : REFUSED_TYPES[type];
}

const refuse = (code: PhoneRefusalCode, message: string, extra: Omit<Extract<NumberCheck, { ok: false }>, 'ok' | 'code' | 'message'> = {}): NumberCheck =>
  ({ ok: false, code, message, ...extra });

export function checkNumber(raw: unknown, opts: CheckNumberOptions): NumberCheck {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    return refuse('PHONE_EMPTY', 'phone number is empty');
  }
  // A JSON number has already lost digits (precision) and its leading '+': refuse, never guess.
  if (typeof raw !== 'string') return refuse('PHONE_UNPARSABLE', 'phone number must be a string');
  const text = raw.normalize('NFKC').trim();
  if (!ALLOWED_CHARS.test(text)) return refuse('PHONE_INVALID_CHARACTERS', 'phone number contains characters that are not allowed');
  const digits = text.replace(/\D/g, '');
  if (digits === '') return refuse('PHONE_UNPARSABLE', 'phone number has no digits');
  if (EMERGENCY_CODES.has(digits)) return refuse('PHONE_EMERGENCY', 'emergency numbers are never called back');
  const national = !text.startsWith('+');
  if (national && N11.test(digits)) return refuse('PHONE_SHORT_CODE', 'service short codes are not allowed');
  // A short national digit string that libphonenumber cannot make a possible number of is a
  // short code (directory, carrier services…): refuse it as such rather than "impossible".
  // A national string starting with the trunk prefix 0 ("030 123") is a number cut short, not a short code.
  const shortCode = national && digits.length <= SHORT_CODE_MAX_DIGITS && !digits.startsWith('0');
  return checkParsed(text, opts, shortCode);
}

const SHORT_CODE = (): NumberCheck => refuse('PHONE_SHORT_CODE', 'short codes are not allowed');

/**
 * What the number itself is (parsing, validity, type), before the rules: it depends only on the
 * text and the default country, so it is memoised (bounded) — the dialer re-checks the same
 * numbers at every attempt. The rules (allowed countries, blocked patterns) may change at any
 * time (even in place) and are applied afresh on every call. Formatting is done on first use.
 */
type Facts =
  | { ok: false; refusal: NumberCheck }
  | { ok: true; e164: string; country: string | undefined; type: NumberType; phone: PhoneNumber; national?: string; international?: string };

const MAX_FACTS = 10_000;
const factsCache = new Map<string, Facts>();

/**
 * A number written with '+' and its country code reads the same whatever the default country, so
 * it has one entry: the intake check, the dial-time re-check and the agent's view share it.
 */
function factsOf(text: string, defaultCountry: string | undefined, maybeShortCode: boolean): Facts {
  const key = text.startsWith('+') ? text : `${defaultCountry ?? ''}|${text}`;
  let facts = factsCache.get(key);
  if (!facts) {
    facts = numberFacts(text, defaultCountry, maybeShortCode);
    if (factsCache.size >= MAX_FACTS) factsCache.clear();
    factsCache.set(key, facts);
  }
  return facts;
}

/** The memoised parse of a stored E.164 number, or undefined when it is not an admissible one. */
function knownE164(e164: string): Extract<Facts, { ok: true }> | undefined {
  if (!e164.startsWith('+') || !ALLOWED_CHARS.test(e164)) return undefined;
  const facts = factsOf(e164, undefined, false);
  return facts.ok && facts.e164 === e164 ? facts : undefined;
}

function checkParsed(text: string, opts: CheckNumberOptions, maybeShortCode: boolean): NumberCheck {
  const facts = factsOf(text, opts.defaultCountry, maybeShortCode);
  if (!facts.ok) return { ...facts.refusal };
  const { e164, country, type } = facts;
  const allowed = opts.rules.allowedCountries;
  if (allowed.length > 0 && (country === undefined || !allowed.includes(country))) {
    return refuse('PHONE_COUNTRY_NOT_ALLOWED', 'calls to this destination are not offered', { e164, country, type });
  }
  if (opts.rules.blockedPatterns.some((p) => compiled(p).test(e164))) {
    return refuse('PHONE_BLOCKED_PATTERN', 'calls to this number are not offered', { e164, country, type });
  }
  if (type === 'PREMIUM_RATE' && opts.rules.blockPremium !== false) {
    return refuse('PHONE_PREMIUM', 'numbers of type PREMIUM_RATE are not called back', { e164, country, type });
  }
  if (type === 'SHARED_COST' && opts.rules.blockSharedCost !== false) {
    return refuse('PHONE_SHARED_COST', 'numbers of type SHARED_COST are not called back', { e164, country, type });
  }
  const f = facts;
  return {
    ok: true, e164, country, type,
    get national() { return (f.national ??= f.phone.formatNational()); },
    get international() { return (f.international ??= f.phone.formatInternational()); },
  };
}

function numberFacts(text: string, defaultCountry: string | undefined, maybeShortCode: boolean): Facts {
  const no = (refusal: NumberCheck): Facts => ({ ok: false, refusal });
  let phone;
  try {
    phone = parsePhoneNumberWithError(text, { defaultCountry: defaultCountry as CountryCode | undefined, extract: false });
  } catch (e) {
    if (e instanceof ParseError && /TOO_SHORT|TOO_LONG|INVALID_LENGTH/.test(e.message)) {
      return no(maybeShortCode ? SHORT_CODE() : impossible(text, defaultCountry, {}));
    }
    if (maybeShortCode) return no(SHORT_CODE());
    return no(refuse('PHONE_UNPARSABLE', 'phone number cannot be read; give it with + and the country code'));
  }
  const e164 = phone.number;
  const country = phone.country;
  // E.164 allows at most 15 digits, whatever a country's metadata would accept.
  if (e164.length - 1 > E164_MAX_DIGITS) return no(refuse('PHONE_IMPOSSIBLE', 'phone number has more than 15 digits', { e164, country, length: 'TOO_LONG' }));
  // "+1 911 …" style numbers start with an emergency code after the country code: some trunks
  // would route them as the emergency call, so refuse them as such.
  if (phone.countryCallingCode === '1' && /^911/.test(phone.nationalNumber)) {
    return no(refuse('PHONE_EMERGENCY', 'emergency numbers are never called back', { e164, country }));
  }
  // isValid() is getType() !== undefined whenever the numbering plan has type patterns (all of
  // /max but plans without any, where getType() is always undefined and isValid() matches the
  // national pattern): one getNumberType for a valid number instead of two (~10% of a POST).
  const type = phone.getType();
  const valid = type !== undefined || phone.isValid();
  if (maybeShortCode && !valid) return no(SHORT_CODE());
  if (!phone.isPossible()) return no(impossible(text, defaultCountry, { e164, country }));
  if (!valid) {
    const length = lengthHint(phone.countryCallingCode, phone.nationalNumber);
    const message = length === 'TOO_SHORT' ? 'phone number is not valid: digits seem to be missing'
      : length === 'TOO_LONG' ? 'phone number is not valid: it has digits too many' : 'phone number is not a valid number';
    return no(refuse('PHONE_INVALID', message, { e164, country, ...(length ? { length } : {}) }));
  }
  const typeCode = typeRefusal(type);
  // Premium and shared cost are policy switches (per service): decided with the rules, not memoised.
  if (typeCode && typeCode !== 'PHONE_PREMIUM' && typeCode !== 'PHONE_SHARED_COST') {
    return no(refuse(typeCode, `numbers of type ${type} are not called back`, { e164, country, type }));
  }
  return { ok: true, e164, country, type, phone };
}

/**
 * For a possible but invalid number: would it be valid with a few more digits (cut short) or with
 * fewer (a digit too many)? Variable-length plans (Germany) make most short typos "possible", so the
 * length rules alone cannot tell. Bounded: at most a dozen parses, on the refusal path only.
 */
function lengthHint(callingCode: string, nsn: string): PhoneLengthProblem | undefined {
  const valid = (n: string): boolean => {
    try { return parsePhoneNumberWithError(`+${callingCode}${n}`).isValid(); } catch { return false; }
  };
  for (let k = 1; k <= 6 && nsn.length + k <= 15; k++) if (valid(nsn + '0'.repeat(k)) || valid(nsn + '5'.repeat(k))) return 'TOO_SHORT';
  for (let k = 1; k <= 3 && nsn.length - k >= 4; k++) if (valid(nsn.slice(0, -k))) return 'TOO_LONG';
  return undefined;
}

function impossible(text: string, defaultCountry: string | undefined, extra: { e164?: string; country?: string }): NumberCheck {
  const why = validatePhoneNumberLength(text, defaultCountry as CountryCode | undefined);
  const length: PhoneLengthProblem | undefined = why === 'TOO_SHORT' || why === 'TOO_LONG' ? why : undefined;
  const message = length === 'TOO_SHORT' ? 'phone number is too short' : length === 'TOO_LONG' ? 'phone number is too long' : 'phone number has an impossible length';
  return refuse('PHONE_IMPOSSIBLE', message, { ...extra, ...(length ? { length } : {}) });
}

/** National and international formats of a stored E.164 number (for people), or null if unreadable. */
export function describePhone(e164: string): { national: string; international: string; country: string | null } | null {
  const f = knownE164(e164);
  if (f) {
    return { national: (f.national ??= f.phone.formatNational()), international: (f.international ??= f.phone.formatInternational()), country: f.country ?? null };
  }
  try {
    const p = parsePhoneNumberWithError(e164);
    return { national: p.formatNational(), international: p.formatInternational(), country: p.country ?? null };
  } catch {
    return null;
  }
}

/** A typed number read as E.164 in a default country, without the admission rules (for searching). */
export function parseToE164(raw: string, defaultCountry?: string): string | undefined {
  try {
    return parsePhoneNumberWithError(raw.normalize('NFKC').trim(), { defaultCountry: defaultCountry as CountryCode | undefined }).number;
  } catch {
    return undefined;
  }
}

const patternCache = new Map<string, RegExp>();
/** Blocked patterns are matched against the '+'-prefixed E.164 form (e.g. "^\\+8821"). */
function compiled(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern);
    } catch {
      throw new HoldlessError('INVALID_BLOCKED_PATTERN', `blocked pattern is not a valid regex: ${pattern}`, { pattern });
    }
    patternCache.set(pattern, re);
  }
  return re;
}

function callingCodeOf(e164: string): string {
  const known = knownE164(e164);
  if (known) return known.phone.countryCallingCode;
  try {
    return parsePhoneNumberWithError(e164).countryCallingCode;
  } catch {
    return ''; // unreadable: reveal nothing but the last 2 digits
  }
}

/** For logs: keeps the country code and the last 2 digits, e.g. "+49*******67". */
export function redactPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const cc = callingCodeOf(`+${digits}`);
  const rest = digits.slice(cc.length);
  const keep = rest.length > 4 ? 2 : 0;
  return `+${cc}${'*'.repeat(rest.length - keep)}${rest.slice(rest.length - keep)}`;
}
