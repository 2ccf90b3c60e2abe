/** The sign-in card shared by the agent workspace and the supervisor view. */
import { h } from './dom.js';

export interface SignInField { name: string; label: string; type?: string; autocomplete?: string; value?: string }

export function signInCard(title: string, fields: SignInField[], onSubmit: (values: Record<string, string>, error: HTMLElement) => void): HTMLElement {
  const error = h('p', { class: 'error', role: 'alert' });
  const inputs = fields.map((f) => h('input', { id: `si-${f.name}`, name: f.name, type: f.type ?? 'text', required: true, autocomplete: f.autocomplete, value: f.value ?? '' }));
  const form = h('form', {
    class: 'card', style: 'max-width:380px',
    onsubmit: (e: Event) => {
      e.preventDefault();
      error.textContent = '';
      onSubmit(Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()])), error);
    },
  }, h('h1', {}, title), fields.map((f, i) => h('div', { class: 'field' }, h('label', { for: `si-${f.name}` }, f.label), inputs[i])), error,
  h('button', { class: 'btn primary', type: 'submit' }, 'Sign in'));
  queueMicrotask(() => inputs.find((i) => !i.value)?.focus());
  return form;
}
