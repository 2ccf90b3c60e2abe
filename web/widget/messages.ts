/** API error codes in plain words for visitors (from the locale), and which form field each one belongs to. */
import type { FieldError } from '../shared/http.js';

/** The API's field names that belong to the "when" part of the form. */
const WHEN_FIELDS = new Set(['slotStart', 'desiredTime']);

/**
 * The visitor's message for an error code; `length` (TOO_SHORT / TOO_LONG, from the server) makes
 * a bad number "too short" or "too long" rather than just wrong.
 */
export function friendly(errors: Record<string, string>, code: string, label = '', length?: unknown): string {
  const key = code.startsWith('PHONE_') && (length === 'TOO_SHORT' || length === 'TOO_LONG') && (code === 'PHONE_INVALID' || code === 'PHONE_IMPOSSIBLE')
    ? `PHONE_${length}` : code;
  const text = errors[key] ?? (code.startsWith('PHONE_') ? errors.PHONE_OTHER : undefined)
    ?? (code === 'BAD_FORMAT' || code === 'WRONG_TYPE' || code === 'INVALID' ? errors.BAD_VALUE : errors.OTHER) ?? code;
  // {label_lc}: languages that write field names in lower case inside a sentence (English).
  return text.replace('{label_lc}', label.toLowerCase()).replace('{label}', label);
}

/** Form field a server error belongs to: 'when' for timing, a field name, or '' for the whole form. */
export function fieldFor(e: FieldError, formFields: string[]): string {
  if (WHEN_FIELDS.has(e.field)) return 'when';
  const top = e.field.replace(/^context\./, '');
  return formFields.includes(top) ? top : '';
}
