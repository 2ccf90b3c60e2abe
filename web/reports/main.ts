/** The reports page at /reports: sign-in (supervisor, monitor or administrator), Live wallboard and History tabs. */
import { fill, h } from '../shared/dom.js';
import { api } from '../shared/http.js';
import { resumeSession, signIn, signInMessage, signOut } from '../shared/auth.js';
import { signInCard } from '../shared/signin.js';
import { DetailList } from './detail.js';
import { History, type Period } from './history.js';
import type { Ctx, Realtime } from './types.js';
import { Wallboard } from './wallboard.js';

const base = location.origin;
const app = document.getElementById('app')!;
const who = document.getElementById('who')!;

function showSignIn(): void {
  fill(who);
  fill(app, signInCard('Reports sign-in', [
    { name: 'user', label: 'User', autocomplete: 'username' },
    { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
  ], (v, error) => {
    // The session cookie authenticates every request (token '').
    signIn(v.user!, v.password!)
      .then(() => showReports(''))
      .catch((e: unknown) => { error.textContent = signInMessage(e); });
  }));
}

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
/** Local midnight of a YYYY-MM-DD in the viewer's zone, as an ISO instant. */
const midnight = (date: string, plusDays = 0) => { const [y, m, d] = date.split('-').map(Number); return new Date(y!, m! - 1, d! + plusDays).toISOString(); };

async function showReports(token: string): Promise<void> {
  const { services } = await api<{ services: { id: string; name: string }[] }>(base, 'GET', '/v1/services');
  // "Today" is the server's day, never the browser's clock.
  const now = await api<Realtime>(base, 'GET', '/v1/reports/realtime', { token });
  const c: Ctx = { base, token, names: new Map(services.map((s) => [s.id, s.name])) };
  const wall = new Wallboard(c);
  const history = new History(c);
  const detail = new DetailList(c);
  const today = day(new Date(now.at));
  const from = h('input', { id: 'p-from', type: 'date', value: day(new Date(Date.parse(now.at) - 6 * 86_400_000)), required: true });
  const to = h('input', { id: 'p-to', type: 'date', value: today, required: true });
  const service = h('select', { id: 'p-service' }, h('option', { value: '' }, 'All services'), services.map((s) => h('option', { value: s.id }, s.name)));
  const interval = h('select', { id: 'p-interval' }, h('option', { value: 'day' }, 'Days'), h('option', { value: 'hour' }, 'Hours'));
  const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
  const apply = () => {
    const p: Period = { from: midnight(from.value), to: midnight(to.value, 1), service: service.value, interval: interval.value as Period['interval'] };
    void history.load(p);
    void detail.show(p);
  };
  const form = h('form', { class: 'card row', 'aria-label': 'Period', onsubmit: (e: Event) => { e.preventDefault(); apply(); } },
    field('p-from', 'From', from), field('p-to', 'To (inclusive)', to), field('p-service', 'Service', service), field('p-interval', 'Per', interval),
    h('button', { class: 'btn primary', type: 'submit', style: 'align-self:flex-end;margin-bottom:10px' }, 'Show'));
  const historyPane = h('div', { id: 'pane-history', role: 'tabpanel', hidden: true }, form, history.el, detail.el);
  const livePane = h('div', { id: 'pane-live', role: 'tabpanel' }, wall.el);
  const tab = (id: string, label: string, pane: HTMLElement) => h('button', {
    type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': pane.id, 'aria-selected': String(pane === livePane),
    onclick: (e: Event) => select(e.currentTarget as HTMLElement, pane),
  }, label);
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, tab('live', 'Live', livePane), tab('history', 'History', historyPane));
  let loaded = false;
  const select = (btn: HTMLElement, pane: HTMLElement) => {
    for (const b of tabs.children) b.setAttribute('aria-selected', String(b === btn));
    livePane.hidden = pane !== livePane;
    historyPane.hidden = pane !== historyPane;
    if (pane === historyPane && !loaded) { loaded = true; apply(); }
  };
  fill(who, h('button', { class: 'btn', type: 'button', onclick: () => { wall.close(); void signOut().then(showSignIn); } }, 'Sign out'));
  fill(app, h('h1', {}, 'Callback reports'), tabs, livePane, historyPane);
  wall.start();
  if (location.hash === '#history') (tabs.children[1] as HTMLElement).click();
}

resumeSession()
  .then((user) => (user ? showReports('') : showSignIn()))
  .catch(() => showSignIn());
