/**
 * The widget's languages. The language is, in this order: the host's `language` option (or the
 * script's data-language), the visitor's choice in the dialog, the service's language from the
 * server, English. The callback is requested in the language the visitor reads.
 *
 * To add a language: copy en.ts to <code>.ts (ISO 639-1, e.g. fr.ts), translate the values (the
 * `Texts` type makes a missing text a build error), and add it to LOCALES below with its own name.
 */
import * as de from './de.js';
import * as en from './en.js';
import type { Texts } from './en.js';

export type { Texts } from './en.js';
export interface Locale { code: string; name: string; texts: Texts; errors: Record<string, string> }

export const LOCALES: Record<string, Locale> = {
  en: { code: 'en', name: 'English', texts: en.texts, errors: en.errors },
  de: { code: 'de', name: 'Deutsch', texts: de.texts, errors: de.errors },
};

/** The locale for a language tag ("de-AT" → de); English when there is none for it. */
export function pickLocale(lang: string | undefined): Locale {
  const base = (lang ?? '').toLowerCase().split('-')[0] ?? '';
  return LOCALES[base] ?? LOCALES.en!;
}
