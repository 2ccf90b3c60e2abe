/** Small read-only tables of the admin page (services, keys, refusals, audit), inside a scroll box for phones. */
import { h } from '../shared/dom.js';

export type Cell = string | number | HTMLElement;

export function table(caption: string, head: string[], rows: Cell[][], empty = 'Nothing yet.'): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted empty' }, empty);
  return h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': `${caption} table` },
    h('table', {}, h('caption', { class: 'sr' }, caption),
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, typeof c === 'number' ? String(c) : c)))))));
}

export const section = (title: string, ...body: (HTMLElement | string)[]): HTMLElement =>
  h('section', { class: 'card', 'aria-label': title }, h('h2', { style: 'margin:0 0 10px;font-size:18px' }, title), ...body);

export const time = (iso: string): string => new Date(iso).toLocaleString();
export const list = (xs: unknown): string => (Array.isArray(xs) ? xs.join(', ') : String(xs ?? ''));
