/** The callback summary as a plain-text block (what `npm run simulate` prints for its day). */
import type { SummaryRow } from '../app/reports/summary-row.js';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
const sec = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);
const num = (x: number | null) => (x === null ? '-' : String(Math.round(x * 100) / 100));

export function renderSummaryBlock(rows: SummaryRow[], title = 'callback summary (from the event log)'): string {
  const totals = rows.filter((r) => r.period === 'total');
  if (!totals.length) return `${title}: nothing happened`;
  const lines: [string, (r: SummaryRow) => string][] = [
    ['offered / accepted / declined / hung up', (r) => `${r.offers.offered} / ${r.offers.accepted} / ${r.offers.declined} / ${r.offers.abandoned}`],
    ['accepted (of offered)', (r) => pct(r.offers.acceptedShare)],
    ['requested (asap / scheduled)', (r) => `${r.requested.total} (${r.requested.asap} / ${r.requested.scheduled})`],
    ['attempted / answered / connected', (r) => `${r.attempted} / ${r.answered} / ${r.connected}`],
    ['successful / unsuccessful', (r) => `${r.successful} / ${r.unsuccessful.total}`],
    ['cancelled / expired / open', (r) => `${r.cancelled} / ${r.expired} / ${r.open}`],
    ['abandoned waiting for an agent', (r) => String(r.abandonedWaitingAgent)],
    ['attempts (per successful)', (r) => `${r.attempts.total} (${num(r.attempts.perSuccessful)})`],
    ['wait to first attempt avg / p90', (r) => `${sec(r.waitToFirstAttempt.averageSeconds)} / ${sec(r.waitToFirstAttempt.p90Seconds)}`],
    ['wait to connect avg / p90', (r) => `${sec(r.waitToConnect.averageSeconds)} / ${sec(r.waitToConnect.p90Seconds)}`],
    ['scheduled on time', (r) => `${pct(r.punctuality.onTimeShare)} of ${r.punctuality.measured}`],
    ['live queued / answered / abandoned', (r) => `${r.live.queued} / ${r.live.answered} / ${r.live.abandoned}`],
    ['service level (live)', (r) => `${pct(r.live.serviceLevel)} within ${r.live.targetSeconds} s`],
    ['wait before abandoning (live)', (r) => sec(r.waitBeforeAbandon.live.averageSeconds)],
    ['time saved (EWT at request)', (r) => `${sec(r.savings.timeSavedSeconds)} (${sec(r.savings.timeSavedPerCallbackSeconds)} per callback)`],
    ['money saved', (r) => `${r.savings.moneySaved.toFixed(2)} ${r.savings.currency} (${num(r.savings.moneySavedPerCallback)} per callback)`],
    ['EWT at join: MAE / RSE / samples', (r) => `${sec(r.ewtAccuracy.atJoin.meanAbsoluteErrorSeconds)} / ${num(r.ewtAccuracy.atJoin.relativeSquaredError)} / ${r.ewtAccuracy.atJoin.samples}`],
  ];
  const w0 = Math.max(...lines.map(([l]) => l.length));
  const cols = totals.map((t) => lines.map(([, f]) => f(t)));
  const widths = totals.map((t, i) => Math.max(t.serviceId.length, ...cols[i]!.map((c) => c.length)));
  const row = (label: string, cells: string[]) => `${label.padEnd(w0)}  ${cells.map((c, i) => c.padStart(widths[i]!)).join('  ')}`;
  return [title, '', row('', totals.map((t) => t.serviceId)), ...lines.map(([label], j) => row(label, cols.map((c) => c[j]!)))].join('\n');
}
