/** The offered or current interaction for people: who, why, the page they came from, and what happened so far. */
import { h } from '../shared/dom.js';
import { localTime } from '../shared/session.js';
import { CALLBACK_STATE, OUTCOME, humanKey, languageName, word } from '../shared/words.js';
import type { CallbackContextView, CallerContextView, InteractionView } from './types.js';

const PHASE: Record<InteractionView['phase'], string> = {
  offered: 'Offered to you (preview)',
  dialing: 'Dialling the customer…',
  'ringing-agent': 'Ringing your phone…',
  connected: 'Connected',
  'wrap-up': 'Wrap-up',
};

const row = (label: string, value: Node | string | null | undefined) =>
  [h('dt', {}, label), h('dd', { 'data-field': label }, value === null || value === undefined || value === '' ? '—' : value)];

const link = (href: string, text: string) => h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);

function contextValue(v: string): Node | string {
  // Only http(s) links are clickable; anything else a page sent stays plain text.
  return /^https?:\/\//.test(v) ? link(v, v) : v;
}

/** The page the customer asked from (its title as the link text), then the host page's own keys in words. */
function contextRows(ctx: Record<string, string>): HTMLElement[] {
  const { pageUrl, pageTitle, ...rest } = ctx;
  const rows: HTMLElement[] = [];
  if (pageUrl) rows.push(...row('Page', /^https?:\/\//.test(pageUrl) ? link(pageUrl, pageTitle || pageUrl) : pageUrl));
  else if (pageTitle) rows.push(...row('Page', pageTitle));
  for (const [k, v] of Object.entries(rest)) rows.push(...row(humanKey(k), contextValue(v)));
  return rows;
}

function phone(cb: CallbackContextView): Node {
  return h('a', { href: `tel:${cb.phone}`, title: cb.phone }, cb.phoneNational ?? cb.phone);
}

/** An inbound caller matched to a call-in request: who they said they are, from where, about what. */
function callerDetails(c: CallerContextView): HTMLElement {
  return h('dl', { class: 'kv' },
    row('Kind', 'Inbound call (called in)'), row('Subject', c.subject ?? c.subjectId), row('Customer ID', c.customerId),
    row('First name', c.firstName), row('Last name', c.lastName), row('Phone', c.phone ? h('a', { href: `tel:${c.phone}` }, c.phone) : null),
    row('Language', languageName(c.language)), row('Notes', c.notes), row('Waiting since', localTime(c.queuedSince)));
}

/** `live`: the call controls and timers, shown right under the phase. */
export function interactionCard(i: InteractionView, live: Node | null = null): HTMLElement {
  const cb = i.callback;
  const details = cb ? h('dl', { class: 'kv' },
    row('Subject', cb.subject ?? cb.subjectId), row('Customer ID', cb.customerId),
    row('First name', cb.firstName), row('Last name', cb.lastName), row('Phone', phone(cb)), row('Language', languageName(cb.language)),
    row('Notes', cb.notes), row('Waiting since', localTime(cb.queuedSince)), row('Callback', word(CALLBACK_STATE, cb.state)))
    : i.caller ? callerDetails(i.caller)
    : h('dl', { class: 'kv' }, row('Kind', i.kind === 'call' ? 'Inbound call' : 'Callback'), row('Service', i.serviceId));
  const pageContext = cb?.context ?? i.caller?.context ?? {};
  const ctx = Object.keys(pageContext).length
    ? [h('h3', {}, 'From the website'), h('dl', { class: 'kv', 'data-context': '' }, contextRows(pageContext))]
    : null;
  const attempts = cb ? [h('h3', {}, `Attempts (${cb.attempts.length})`), cb.attempts.length
    ? h('table', { 'data-attempts': '' }, h('thead', {}, h('tr', {}, ['#', 'Result', 'Started', 'Ended'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, cb.attempts.map((a) => h('tr', {}, h('td', {}, a.number), h('td', {}, a.outcome ? word(OUTCOME, a.outcome) : 'In progress'),
        h('td', {}, localTime(a.startedAt, false)), h('td', {}, a.endedAt ? localTime(a.endedAt, false) : '—')))))
    : h('p', { class: 'muted' }, 'Not dialled yet.')] : null;
  // The system's own words, one click away (for support cases and the curious).
  const raw = h('details', { class: 'raw' }, h('summary', {}, 'Raw data'), h('pre', { 'data-raw': '' }, JSON.stringify(i, null, 2)));
  return h('div', { 'data-interaction': i.id, 'data-phase': i.phase },
    h('p', { class: 'big phase' }, PHASE[i.phase]), live, details, ctx, attempts, raw);
}
