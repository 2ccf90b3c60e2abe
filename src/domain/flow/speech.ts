/**
 * Composes spoken numbers, minutes, times and phone numbers from recorded prompt keys
 * (num_0..num_20, num_30..num_90, and). German says the units first ("fünfundzwanzig").
 */

export const MAX_SPOKEN_MINUTES = 99;

/** 0..99 as prompt keys in the language's word order. */
export function numberPrompts(n: number, language: string): string[] {
  const v = Math.max(0, Math.min(99, Math.floor(n)));
  if (v <= 20) return [`num_${v}`];
  const tens = Math.floor(v / 10) * 10;
  const units = v % 10;
  if (units === 0) return [`num_${tens}`];
  return language === 'de' ? [`num_${units}`, 'and', `num_${tens}`] : [`num_${tens}`, `num_${units}`];
}

/** EWT rounded UP to whole minutes (at least 1), capped at 99: "about <n> minutes". */
export function ewtMinutes(ewtSeconds: number): number {
  return Math.max(1, Math.min(MAX_SPOKEN_MINUTES, Math.ceil(ewtSeconds / 60)));
}

export function ewtPrompts(ewtSeconds: number, language: string): string[] {
  const minutes = ewtMinutes(ewtSeconds);
  return ['ewt_intro', ...numberPrompts(minutes, language), minutes === 1 ? 'minute' : 'minutes'];
}

export type SpokenDay = 'today' | 'tomorrow' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** "HH:MM" local time. en: "fourteen thirty", "nine o'clock", "nine oh five"; de: "vierzehn Uhr dreißig". */
export function timePrompts(localTime: string, language: string): string[] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(localTime);
  if (!m) return [];
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const h = numberPrompts(hour, language);
  if (language === 'de') return [...h, 'oclock', ...(minute ? numberPrompts(minute, language) : [])];
  if (minute === 0) return [...h, 'oclock'];
  return [...h, ...(minute < 10 ? ['num_0'] : []), ...numberPrompts(minute, language)];
}

export function dayPrompts(day: SpokenDay): string[] {
  return [`day_${day}`];
}

/** A phone number read back digit by digit ("plus four nine ..."). */
export function digitPrompts(phone: string): string[] {
  const out: string[] = [];
  for (const ch of phone) {
    if (ch === '+') out.push('plus');
    else if (ch >= '0' && ch <= '9') out.push(`num_${ch}`);
  }
  return out;
}

/** Parse "HHMM" typed by a caller into "HH:MM", or undefined when it is not a valid time. */
export function parseTypedTime(digits: string): string | undefined {
  if (!/^\d{3,4}$/.test(digits)) return undefined;
  const padded = digits.padStart(4, '0');
  const h = Number(padded.slice(0, 2));
  const min = Number(padded.slice(2));
  if (h > 23 || min > 59) return undefined;
  return `${padded.slice(0, 2)}:${padded.slice(2)}`;
}
