/** The offered or current interaction: who, why and what happened so far (attempts). */
import { h } from '../shared/dom.js';
import { localTime } from '../shared/session.js';
import type { InteractionView } from './types.js';

const PHASE: Record<InteractionView['phase'], string> = {
  offered: 'Offered to you (preview)',
  dialing: 'Dialling the customer…',
  'ringing-agent': 'Ringing your phone…',
  connected: 'Connected',
  'wrap-up': 'Wrap-up',
};

const row = (label: string, value: Node | string | null | undefined) =>
  [h('dt', {}, label), h('dd', { 'data-field': label }, value === null || value === undefined || value === '' ? '—' : value)];

function contextValue(v: string): Node | string {
  // Only http(s) links are clickable; anything else a page sent stays plain text.
  return /^https?:\/\//.test(v) ? h('a', { href: v, target: '_blank', rel: 'noopener noreferrer' }, v) : v;
}

export function interactionCard(i: InteractionView): HTMLElement {
  const cb = i.callback;
  const details = cb ? h('dl', { class: 'kv' },
    row('Subject', cb.subject ?? cb.subjectId), row('Service', cb.serviceId), row('Customer ID', cb.customerId),
    row('First name', cb.firstName), row('Last name', cb.lastName), row('Phone', cb.phone), row('Language', cb.language),
    row('Notes', cb.notes), row('Waiting since', localTime(cb.queuedSince)), row('Callback state', cb.state))
    : h('dl', { class: 'kv' }, row('Kind', i.kind === 'call' ? 'Inbound call' : 'Callback'), row('Service', i.serviceId));
  const ctx = cb && Object.keys(cb.context).length
    ? [h('h3', {}, 'Context'), h('dl', { class: 'kv', 'data-context': '' }, Object.entries(cb.context).flatMap(([k, v]) => row(k, contextValue(v))))]
    : null;
  const attempts = cb ? [h('h3', {}, `Attempts (${cb.attempts.length})`), cb.attempts.length
    ? h('table', { 'data-attempts': '' }, h('thead', {}, h('tr', {}, ['#', 'Outcome', 'SIP', 'Started', 'Ended'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, cb.attempts.map((a) => h('tr', {}, h('td', {}, a.number), h('td', {}, a.outcome ?? 'in progress'), h('td', {}, a.sipCode ?? '—'),
        h('td', {}, localTime(a.startedAt, false)), h('td', {}, a.endedAt ? localTime(a.endedAt, false) : '—')))))
    : h('p', { class: 'muted' }, 'Not dialled yet.')] : null;
  return h('div', { 'data-interaction': i.id, 'data-phase': i.phase },
    h('p', { class: 'big', style: 'font-size:20px;margin:0 0 10px' }, PHASE[i.phase]), details, ctx, attempts);
}
