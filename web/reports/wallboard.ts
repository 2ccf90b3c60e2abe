/**
 * The wallboard: per service the live queue and today's figures, pushed over SSE
 * (/v1/reports/realtime/events); a chart of the queue since the page opened, and today's hours
 * from the summary (computed from the event log, so it is the same after a restart).
 */
import { fill, h } from '../shared/dom.js';
import { api, qs } from '../shared/http.js';
import { localTime } from '../shared/session.js';
import { subscribe } from '../shared/sse.js';
import { Chart } from './chart.js';
import { n, pct, secs } from './format.js';
import type { Ctx, Realtime, ServiceRealtime, SummaryRow } from './types.js';

const tile = (key: string, label: string, value: string | number, warn = false) =>
  h('div', { 'data-tile': key }, h('span', {}, label), h('b', { class: warn ? 'warn' : undefined }, value));

export class Wallboard {
  readonly el = h('section', { 'aria-labelledby': 'wb-title' });
  private status = h('p', { class: 'muted', role: 'status' });
  private grid = h('div', { class: 'grid' });
  private queueChart = new Chart('In queue and EWT since this page opened', ['In queue', 'EWT (min)']);
  private hourChart = new Chart('Today by hour: offered, accepted, requested, abandoned', ['Offered', 'Accepted', 'Requested', 'Abandoned'], 'steps');
  private points: { t: number; queued: number; ewt: number | null }[] = [];
  private stop?: () => void;
  private lastHours = 0;

  constructor(private readonly c: Ctx) {
    fill(this.el, h('h2', { id: 'wb-title' }, 'Live'), this.status, this.grid, h('div', { class: 'grid' }, this.queueChart.el, this.hourChart.el));
  }

  start(): void {
    this.stop = subscribe({
      url: `${this.c.base}/v1/reports/realtime/events`, token: this.c.token,
      onEvent: (e) => { if (e.event === 'realtime') this.show(JSON.parse(e.data) as Realtime); },
      onStatus: (s, detail) => { if (s !== 'live') this.status.textContent = s === 'reconnecting' ? `Reconnecting… ${detail ?? ''}` : 'Stopped.'; },
    });
  }

  close(): void {
    this.stop?.();
    this.queueChart.destroy();
    this.hourChart.destroy();
  }

  private show(r: Realtime): void {
    this.status.textContent = `Updated ${localTime(r.at, false)} (server time)`;
    fill(this.grid, r.services.map((s) => this.card(s)), agentsCard(r.agents));
    const t = Date.parse(r.at) / 1000;
    const ewts = r.services.map((s) => s.ewtSeconds).filter((x): x is number => x !== null);
    this.points.push({ t, queued: r.services.reduce((a, s) => a + s.live + s.callback, 0), ewt: ewts.length ? Math.max(...ewts) / 60 : null });
    if (this.points.length > 720) this.points.shift();
    this.queueChart.set(this.points.map((p) => p.t), [
      { label: 'In queue', values: this.points.map((p) => p.queued) }, { label: 'EWT (min)', values: this.points.map((p) => p.ewt) },
    ], [Math.min(this.points[0]!.t, t - 600), t + 30]);
    if (Date.now() - this.lastHours > 60_000) void this.hours(r.at);
  }

  private card(s: ServiceRealtime): HTMLElement {
    const d = s.today;
    return h('article', { class: 'card', 'data-service': s.serviceId },
      h('h3', { style: 'margin:0 0 8px' }, this.c.names.get(s.serviceId) ?? s.serviceId),
      h('div', { class: 'counts' },
        tile('inQueue', 'In queue (live / callback)', `${s.live} / ${s.callback}`), tile('longest', 'Longest wait', secs(s.oldestWaitSeconds), (s.oldestWaitSeconds ?? 0) > 600),
        tile('ewt', 'EWT', secs(s.ewtSeconds)), tile('offered', 'Offered today', d.offered), tile('accepted', 'Accepted today', d.accepted),
        tile('requested', 'Requested today', d.requested), tile('answered', 'Answered (live)', d.answered), tile('distributed', 'Distributed', d.distributed),
        tile('abandoned', 'Abandoned', d.abandoned, d.abandoned > 0), tile('serviceLevel', 'Service level', pct(d.serviceLevel)),
        tile('ewtError', 'EWT error (MAE)', secs(d.ewtMeanAbsoluteErrorSeconds)), tile('due', 'Due next hour', s.dueNextHour)));
  }

  /** Today's hours from local midnight of the viewer (server time decides what "today" is). */
  private async hours(serverNow: string): Promise<void> {
    this.lastHours = Date.now();
    const now = new Date(serverNow);
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    const { rows } = await api<{ rows: SummaryRow[] }>(this.c.base, 'GET', `/v1/reports/summary${qs({
      from: midnight.toISOString(), to: new Date(now.getTime() + 1000).toISOString(), interval: 'hour',
    })}`, { token: this.c.token });
    const byHour = new Map<string, SummaryRow[]>();
    for (const r of rows) if (r.period !== 'total') byHour.set(r.period, [...(byHour.get(r.period) ?? []), r]);
    const periods = [...byHour.keys()].sort();
    const sum = (p: string, f: (r: SummaryRow) => number) => (byHour.get(p) ?? []).reduce((a, r) => a + f(r), 0);
    const x = periods.map((p) => Date.parse(`${p}:00:00`) / 1000);
    this.hourChart.set(x, [
      { label: 'Offered', values: periods.map((p) => sum(p, (r) => r.offers.offered)) },
      { label: 'Accepted', values: periods.map((p) => sum(p, (r) => r.offers.accepted)) },
      { label: 'Requested', values: periods.map((p) => sum(p, (r) => r.requested.total)) },
      { label: 'Abandoned', values: periods.map((p) => sum(p, (r) => r.live.abandoned + r.offers.abandoned + r.abandonedWaitingAgent)) },
    ], [midnight.getTime() / 1000, now.getTime() / 1000 + 3600]);
  }
}

function agentsCard(byState: Record<string, number>): HTMLElement {
  return h('article', { class: 'card', 'data-agents': '' }, h('h3', { style: 'margin:0 0 8px' }, 'Agents'),
    h('div', { class: 'counts' }, Object.entries(byState).map(([state, k]) => tile(`agents.${state}`, state.replace('_', ' '), n(k)))));
}
