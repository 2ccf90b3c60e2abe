/**
 * The historical summary for a chosen period and service: the figures of the 'total' row as a
 * table (every metric with its denominator), a chart per day/hour, and the CSV download.
 */
import { fill, h } from '../shared/dom.js';
import { api, ApiError, qs } from '../shared/http.js';
import { Chart } from './chart.js';
import { download } from './download.js';
import { money, n, pct, secs } from './format.js';
import type { Ctx, SummaryRow } from './types.js';

export interface Period { from: string; to: string; service: string; interval: 'day' | 'hour' }

const top = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || '—';

function figures(r: SummaryRow): [string, [string, string][]][] {
  const s = r.savings;
  return [
    ['Offers (IVR)', [['Offered', n(r.offers.offered)], ['Accepted', `${n(r.offers.accepted)} (${pct(r.offers.acceptedShare)} of offered)`],
      ['Declined', `${n(r.offers.declined)} (${pct(r.offers.declinedShare)} of offered)`], ['Hung up during the offer', n(r.offers.abandoned)]]],
    ['Callbacks', [['Requested', `${n(r.requested.total)} (ASAP ${r.requested.asap}, scheduled ${r.requested.scheduled})`], ['By channel', top(r.requested.byChannel)],
      ['Attempted', n(r.attempted)], ['Answered by the customer', n(r.answered)], ['Connected to an agent', n(r.connected)], ['Successful', n(r.successful)],
      ['Unsuccessful', `${n(r.unsuccessful.total)}: ${top(r.unsuccessful.byReason)}`], ['Cancelled / expired / still open', `${r.cancelled} / ${r.expired} / ${r.open}`],
      ['Abandoned waiting for an agent', n(r.abandonedWaitingAgent)]]],
    ['Effort and waiting', [['Dial attempts', `${n(r.attempts.total)}: ${top(r.attempts.byOutcome)}`], ['Attempts per successful callback', n(r.attempts.perSuccessful)],
      ['Wait until the first attempt (avg / p90)', `${secs(r.waitToFirstAttempt.averageSeconds)} / ${secs(r.waitToFirstAttempt.p90Seconds)}`],
      ['Wait until connected (avg / p90)', `${secs(r.waitToConnect.averageSeconds)} / ${secs(r.waitToConnect.p90Seconds)}`],
      [`Scheduled on time (within ${r.punctuality.withinMinutes} min)`, `${pct(r.punctuality.onTimeShare)} of ${r.punctuality.measured}`],
      ['Wait before abandoning (live / after answering)', `${secs(r.waitBeforeAbandon.live.averageSeconds)} / ${secs(r.waitBeforeAbandon.waitingAgent.averageSeconds)}`]]],
    ['Savings (EWT at request)', [['Time saved', `${secs(s.timeSavedSeconds)} (${secs(s.timeSavedPerCallbackSeconds)} per callback)`],
      ['Money saved', `${money(s.moneySaved, s.currency)} (${money(s.moneySavedPerCallback, s.currency)} per callback)`]]],
    ['Live calls and EWT', [['Queued / answered / abandoned', `${r.live.queued} / ${r.live.answered} / ${r.live.abandoned}`],
      [`Service level (answered within ${r.live.targetSeconds} s)`, pct(r.live.serviceLevel)],
      ['EWT error at join (MAE, RSE, samples)', `${secs(r.ewtAccuracy.atJoin.meanAbsoluteErrorSeconds)}, ${n(r.ewtAccuracy.atJoin.relativeSquaredError)}, ${r.ewtAccuracy.atJoin.samples}`],
      ['EWT error at the offer (MAE, samples)', `${secs(r.ewtAccuracy.atOffer.meanAbsoluteErrorSeconds)}, ${r.ewtAccuracy.atOffer.samples}`]]],
    ['Agents, push, call-in', [['Dispositions', top(r.dispositions)], ['Push requested / delivered / failed', `${r.push.requested} / ${r.push.delivered} / ${r.push.failed}`],
      ['Call-in steps', top(r.callIn)]]],
  ];
}

export class History {
  readonly el = h('section', { 'aria-labelledby': 'hist-title' });
  private table = h('div', { class: 'scroll' });
  private status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  private chart = new Chart('Requested, successful and abandoned per period', ['Requested', 'Successful', 'Unsuccessful', 'Abandoned'], 'steps');
  private period?: Period;

  constructor(private readonly c: Ctx) {
    const csv = h('button', { class: 'btn', type: 'button', onclick: () => void this.csv() }, 'Download CSV');
    fill(this.el, h('div', { class: 'row', style: 'justify-content:space-between' }, h('h2', { id: 'hist-title' }, 'Summary'), csv),
      this.status, this.chart.el, h('div', { class: 'card' }, this.table));
  }

  private query(p: Period) {
    return qs({ from: p.from, to: p.to, service: p.service, interval: p.interval });
  }

  async load(p: Period): Promise<void> {
    this.period = p;
    this.status.textContent = 'Loading…';
    try {
      const { rows } = await api<{ rows: SummaryRow[] }>(this.c.base, 'GET', `/v1/reports/summary${this.query(p)}`, { token: this.c.token });
      this.show(rows);
    } catch (e) {
      this.status.textContent = e instanceof ApiError ? e.message : String(e);
    }
  }

  private show(rows: SummaryRow[]): void {
    const totals = rows.filter((r) => r.period === 'total');
    const periods = [...new Set(rows.filter((r) => r.period !== 'total').map((r) => r.period))].sort();
    const unit = this.period?.interval === 'hour' ? 'hour' : 'day';
    this.status.textContent = totals.length ? `${periods.length} ${unit}${periods.length === 1 ? '' : 's'} with activity.` : 'Nothing happened in this period.';
    const sum = (p: string, f: (r: SummaryRow) => number) => rows.filter((r) => r.period === p).reduce((a, r) => a + f(r), 0);
    // Each value is drawn from the start of its local day or hour.
    const x = periods.map((p) => Date.parse(p.length === 10 ? `${p}T00:00:00` : `${p}:00:00`) / 1000);
    const step = this.period?.interval === 'hour' ? 3600 : 86_400;
    const p0 = this.period ? Date.parse(this.period.from) / 1000 : (x[0] ?? 0);
    const p1 = this.period ? Date.parse(this.period.to) / 1000 : (x.at(-1) ?? 0) + step;
    this.chart.set(x, [
      { label: 'Requested', values: periods.map((p) => sum(p, (r) => r.requested.total)) },
      { label: 'Successful', values: periods.map((p) => sum(p, (r) => r.successful)) },
      { label: 'Unsuccessful', values: periods.map((p) => sum(p, (r) => r.unsuccessful.total)) },
      { label: 'Abandoned', values: periods.map((p) => sum(p, (r) => r.live.abandoned + r.offers.abandoned + r.abandonedWaitingAgent)) },
    ], [p0, Math.max(p1, p0 + step)]);
    fill(this.table, totals.map((t) => h('table', { class: 'figures', 'data-total': t.serviceId, style: 'margin-bottom:12px' },
      h('caption', { style: 'text-align:left;font-weight:700;padding:4px 0' }, this.c.names.get(t.serviceId) ?? t.serviceId),
      h('tbody', {}, figures(t).flatMap(([group, items]) => [
        h('tr', { class: 'group' }, h('td', { colspan: 2 }, group)),
        ...items.map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value))),
      ])))));
  }

  private async csv(): Promise<void> {
    if (!this.period) return;
    await download(this.c, `/v1/reports/summary${this.query(this.period)}&format=csv`, 'callback-summary.csv', this.status);
  }
}
