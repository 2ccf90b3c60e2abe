/** Renders the registration form's fields from their definitions; the phone field gets a country list. */
import { h } from '../shared/dom.js';
import type { FieldDef, Texts } from './options.js';

export interface FieldControl {
  def: FieldDef;
  input: HTMLInputElement | HTMLTextAreaElement;
  country?: HTMLSelectElement;
  error: HTMLElement;
}

const DIAL: Record<string, string> = {
  DE: '49', AT: '43', CH: '41', GB: '44', US: '1', FR: '33', NL: '31', BE: '32', IT: '39', ES: '34', PL: '48', SE: '46', DK: '45', IE: '353',
};

let seq = 0;

export interface FieldSetup { prefill: Record<string, string>; countries: string[]; country: string; locale: string | undefined; texts: Texts }

export function renderField(def: FieldDef, setup: FieldSetup): { wrap: HTMLElement; control: FieldControl } {
  const id = `hl-${def.name}-${++seq}`;
  const errId = `${id}-err`;
  const hintId = def.hint ? `${id}-hint` : undefined;
  const common = {
    id, name: def.name, required: def.required, maxlength: def.maxLength, autocomplete: def.autocomplete,
    'aria-describedby': [hintId, errId].filter(Boolean).join(' '), value: setup.prefill[def.name] ?? '',
  };
  const input = def.type === 'textarea'
    ? h('textarea', { ...common, rows: 3 })
    : h('input', { ...common, type: def.type ?? 'text', inputmode: def.type === 'tel' ? 'tel' : undefined });
  const error = h('div', { class: 'err', id: errId });
  const label = h('label', { for: id }, def.label, def.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null);
  const hint = hintId ? h('span', { class: 'hint', id: hintId }, def.hint) : null;
  if (def.name !== 'phone') return { wrap: h('div', { class: 'f' }, label, hint, input, error), control: { def, input, error } };
  const country = countrySelect(setup);
  return { wrap: h('div', { class: 'f' }, label, hint, h('div', { class: 'ph' }, country, input), error), control: { def, input, country, error } };
}

function countrySelect({ countries, country, locale, texts, prefill }: FieldSetup): HTMLSelectElement {
  const names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(locale ? [locale] : undefined, { type: 'region' }) : undefined;
  const chosen = prefill.country ?? country;
  const list = [country, ...countries.filter((c) => c !== country)];
  return h('select', { 'aria-label': texts.country, name: 'country', autocomplete: 'tel-country-code' },
    list.map((c) => h('option', { value: c, selected: c === chosen }, `${DIAL[c] ? `+${DIAL[c]} ` : ''}${names?.of(c) ?? c}`)));
}

export function setFieldError(c: { input?: Element; error: HTMLElement }, message: string): void {
  c.error.textContent = message;
  if (c.input) {
    if (message) c.input.setAttribute('aria-invalid', 'true');
    else c.input.removeAttribute('aria-invalid');
  }
}
