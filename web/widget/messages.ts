/** API error codes in plain words for visitors, and which form field each one belongs to. */
import type { FieldError } from '../shared/http.js';

const BAD_NUMBER = 'This phone number does not look right';
const NOT_CALLABLE = 'We cannot call this kind of number — please give a mobile or landline number';
const OTHER_TIME = 'We cannot call at that time — pick another';

const BY_CODE: Record<string, string> = {
  PHONE_EMPTY: 'Please enter your phone number',
  PHONE_INVALID_CHARACTERS: 'Use only digits, spaces, brackets and + in the phone number',
  PHONE_UNPARSABLE: BAD_NUMBER,
  PHONE_IMPOSSIBLE: BAD_NUMBER,
  PHONE_INVALID: BAD_NUMBER,
  PHONE_PREMIUM: NOT_CALLABLE,
  PHONE_SHARED_COST: NOT_CALLABLE,
  PHONE_TYPE_NOT_ALLOWED: NOT_CALLABLE,
  PHONE_SHORT_CODE: 'We cannot call short or service numbers',
  PHONE_EMERGENCY: 'We cannot call emergency numbers',
  PHONE_COUNTRY_NOT_ALLOWED: 'We cannot call numbers in this country',
  PHONE_BLOCKED_PATTERN: 'We cannot call this number',
  CALLBACK_ALREADY_OPEN: 'There is already a callback open for this number',
  NUMBER_RATE_LIMITED: 'Too many requests for this number today — please try again tomorrow',
  SLOT_FULL: 'That time was just taken — pick another',
  TIME_IN_PAST: 'That time has already passed — pick another',
  TIME_TOO_FAR: OTHER_TIME,
  TIME_CLOSED: OTHER_TIME,
  NOT_A_SLOT_START: OTHER_TIME,
  SERVICE_CLOSED: 'We are closed right now — pick a time for us to call you',
  RATE_LIMITED: 'Too many requests — please wait a minute and try again',
  NETWORK: 'We could not reach the server — check your connection and try again',
  CALLBACK_IN_PROGRESS: 'We are calling you right now, so it can no longer be cancelled',
  CALLBACK_ENDED: 'This callback has already ended',
  CAPTCHA_INVALID: 'We could not check that this request comes from a person — please try again',
  CAPTCHA_UNSOLVED: 'We could not check that this request comes from a person — please try again',
};

const BY_FIELD_CODE: Record<string, string> = {
  REQUIRED: 'Please fill in {label}',
  TOO_LONG: '{label} is too long',
  TOO_SHORT: 'Please fill in {label}',
};

/** The API's field names that belong to the "when" part of the form. */
const WHEN_FIELDS = new Set(['slotStart', 'desiredTime']);

export function friendly(code: string, label = 'this field'): string {
  const text = BY_CODE[code] ?? BY_FIELD_CODE[code] ?? (code.startsWith('PHONE_') ? BAD_NUMBER : '');
  if (text) return text.replace('{label}', label.toLowerCase());
  return code === 'BAD_FORMAT' || code === 'WRONG_TYPE' || code === 'INVALID'
    ? `${label} does not look right` : 'Something went wrong — please try again';
}

/** Form field a server error belongs to: 'when' for timing, a field name, or '' for the whole form. */
export function fieldFor(e: FieldError, formFields: string[]): string {
  if (WHEN_FIELDS.has(e.field)) return 'when';
  const top = e.field.replace(/^context\./, '');
  return formFields.includes(top) ? top : '';
}
