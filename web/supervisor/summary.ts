/**
 * Live counts per service from /v1/supervisor/summary (polled): in queue split live/callback,
 * scheduled by slot, dialling, waiting for an agent, connected, today's results, EWT; agents by state.
 */
import { fill, h } from '../shared/dom.js';
import { phoneBadge, type PhoneView } from '../shared/phone.js';
import { api, ApiError } from '../shared/http.js';
import { localTime } from '../shared/session.js';
import { AGENT_STATE, word } from '../shared/words.js';

const POLL_MS = 3000;

interface ServiceSummary {
  serviceId: string;
  queued: { live: number; callback: number };
  scheduled: { total: number; bySlot: { slotStart: string; count: number }[] };
  dialing: number; waitingAgent: number; connected: number;
  completedToday: number; failedToday: number; expiredToday: number; abandonedToday: number;
  ewtSeconds: number | null;
  staffing?: { agents: number; free: number };
}
interface Summary {
  at: string;
  services: ServiceSummary[];
  agents: { byState: Record<string, number>; list: { id: string; name: string; state: string; reason: string | null; phone?: PhoneView }[] };
}

const tile = (key: string, label: string, value: number | string) => h('div', { 'data-count': key }, h('span', {}, label), h('b', {}, value));
/** With nobody able to serve the service, a wait in minutes would be no promise. */
const ewt = (s: ServiceSummary) => (s.staffing?.agents === 0 ? 'no agents' : s.ewtSeconds === null ? '—' : s.ewtSeconds < 60 ? `${s.ewtSeconds} s` : `${Math.round(s.ewtSeconds / 60)} min`);

export class SummaryPanel {
  readonly el = h('section', { 'aria-labelledby': 'sum-title' });
  private grid = h('div', { class: 'grid' });
  private note = h('p', { class: 'muted' });
  /** Screen readers hear what changed between polls, not every tile every 3 s. */
  private changes = h('p', { class: 'sr', role: 'status', 'aria-live': 'polite', 'data-changes': '' });
  private last = new Map<string, string>();
  private timer?: ReturnType<typeof setInterval>;

  constructor(private base: string, private token: string, private names: Map<string, string>) {
    fill(this.el, h('h2', { id: 'sum-title' }, 'Live'), this.note, this.changes, this.grid);
  }

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
  }

  stop(): void { clearInterval(this.timer); }

  async refresh(): Promise<void> {
    try {
      const s = await api<Summary>(this.base, 'GET', '/v1/supervisor/summary', { token: this.token });
      fill(this.grid, s.services.map((svc) => this.serviceCard(svc)), agentsCard(s.agents));
      this.announce();
      this.note.textContent = `Updated ${localTime(s.at, false)} (server time)`;
    } catch (e) {
      this.note.textContent = e instanceof ApiError && e.status === 404 ? 'Live counts are not available on this server.' : `Live counts: ${(e as Error).message}`;
    }
  }

  /** Compares every tile with the last poll and says the differences in one polite sentence. */
  private announce(): void {
    const said: string[] = [];
    for (const card of this.grid.querySelectorAll<HTMLElement>('article')) {
      const name = card.querySelector('h3')?.textContent ?? '';
      for (const t of card.querySelectorAll<HTMLElement>('[data-count]')) {
        const key = `${name}|${t.dataset.count}`;
        const label = t.querySelector('span')?.textContent ?? '';
        const value = t.querySelector('b')?.textContent ?? '';
        const before = this.last.get(key);
        if (before !== undefined && before !== value) said.push(`${name}: ${label} ${value} (was ${before})`);
        this.last.set(key, value);
      }
    }
    if (said.length) this.changes.textContent = said.join('. ');
  }

  private serviceCard(s: ServiceSummary): HTMLElement {
    const inQueue = s.queued.live + s.queued.callback;
    const title = this.names.get(s.serviceId) ?? s.serviceId;
    return h('article', { class: 'card', 'data-service': s.serviceId, 'aria-label': title },
      h('h3', { style: 'margin:0 0 8px' }, title),
      h('div', { class: 'counts' },
        tile('inQueue', 'In queue', inQueue), tile('queued.live', 'Live calls', s.queued.live), tile('queued.callback', 'Callbacks', s.queued.callback),
        tile('scheduled', 'Scheduled', s.scheduled.total), tile('dialing', 'Dialling', s.dialing), tile('waitingAgent', 'Answered, waiting for an agent', s.waitingAgent),
        tile('connected', 'With agents', s.connected), tile('completedToday', 'Completed today', s.completedToday),
        tile('failedToday', 'Failed today', s.failedToday), tile('expiredToday', 'Expired today', s.expiredToday),
        tile('abandonedToday', 'Abandoned today', s.abandonedToday), tile('ewtSeconds', 'Expected wait', ewt(s))),
      s.scheduled.bySlot.length ? h('details', { style: 'margin-top:8px' }, h('summary', {}, 'Scheduled by slot'),
        h('ul', {}, s.scheduled.bySlot.map((b) => h('li', {}, `${localTime(b.slotStart)}: ${b.count}`)))) : null);
  }
}

function agentsCard(a: Summary['agents']): HTMLElement {
  return h('article', { class: 'card', 'data-agents': '', 'aria-label': 'Agents' }, h('h3', { style: 'margin:0 0 8px' }, 'Agents'),
    h('div', { class: 'counts' }, Object.entries(a.byState).map(([state, n]) => tile(`agents.${state}`, word(AGENT_STATE, state), n))),
    h('ul', {}, a.list.map((x) => h('li', { 'data-agent': x.id }, `${x.name} `, h('span', { class: `badge ${x.state}` }, word(AGENT_STATE, x.state) + (x.reason ? ` · ${x.reason}` : '')), ' ', phoneBadge(x.phone)))));
}
