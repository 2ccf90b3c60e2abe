import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { MONDAY_10, harness, harnessConfig, settle, type Harness } from '../dialer/harness.js';
import { morning, runUntil } from './day.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

const scrape = async (x: Harness): Promise<string> => (await x.app.parts.http.inject({ url: '/metrics', headers: { authorization: 'Bearer admin-secret' } })).body;
/** Metric names the server exports: the `# TYPE` lines. */
const exported = (text: string): Set<string> => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics for the reports', () => {
  it('counts offers, requests, attempts and end states from the log; gauges the live queue; a restart keeps the counters', async () => {
    const config = harnessConfig();
    const clock = new FakeClock(MONDAY_10);
    h = await harness({ config, clock });
    await morning(h);
    let text = await scrape(h);
    expect(sample(text, 'holdless_ivr_offers_total{service="billing",result="offered"}')).toBe(6);
    expect(sample(text, 'holdless_ivr_offers_total{service="billing",result="accepted"}')).toBe(3);
    expect(sample(text, 'holdless_callbacks_requested_total{service="billing",channel="ivr"}')).toBe(3);
    // Nobody is ready yet: 5 callbacks (one cancelled, one scheduled) and 2 live callers, one of whom hangs up later.
    expect(sample(text, 'holdless_queue_length{service="billing",kind="callback"}')).toBe(4);
    expect(sample(text, 'holdless_queue_length{service="billing",kind="live"}')).toBe(2);
    expect(sample(text, 'holdless_agents{state="LOGGED_OUT"}')).toBe(2);
    h.ready('alice');
    await runUntil(h, MONDAY_10 + 90 * 60_000); // past the 11:00 slot of S1
    await settle();
    text = await scrape(h);
    expect(sample(text, 'holdless_attempts_total{service="billing",outcome="NO_ANSWER"}')).toBe(3);
    expect(sample(text, 'holdless_attempts_total{service="billing",outcome="PERSON"}')).toBe(4);
    expect(sample(text, 'holdless_callbacks_ended_total{service="billing",state="COMPLETED"}')).toBe(4);
    expect(sample(text, 'holdless_live_calls_total{service="billing",result="abandoned"}')).toBe(1);
    expect(sample(text, 'holdless_ewt_mean_absolute_error_seconds{service="billing"}')).toBeGreaterThan(0);
    const counters = text.split('\n').filter((l) => l.startsWith('holdless_') && l.includes('_total{'));
    await h.close();
    h = await harness({ config, clock, tel: h.tel });
    const again = (await scrape(h)).split('\n').filter((l) => l.startsWith('holdless_') && l.includes('_total{'));
    expect(again).toEqual(counters);
  });

  it('every expression of the Grafana dashboard names metrics the server exports', async () => {
    h = await harness();
    const names = exported(await scrape(h));
    const dashboard = JSON.parse(readFileSync('docs/grafana/holdless-callbacks.json', 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[]; templating: { list: { query: string }[] };
    };
    const exprs = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dashboard.templating.list.map((v) => v.query)];
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(12);
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bholdless_[a-z0-9_]+/g)].map((m) => m[0])));
    expect(used.size).toBeGreaterThanOrEqual(15);
    const missing = [...used].filter((n) => !names.has(n) && !names.has(n.replace(/_(bucket|sum|count)$/, '')));
    expect(missing).toEqual([]);
    // Counters are used with rate()/increase(), gauges without: a gauge under rate() is a dashboard bug.
    const types = new Map([...(await scrape(h)).matchAll(/^# TYPE (\S+) (\S+)/gm)].map((m) => [m[1]!, m[2]!]));
    for (const e of exprs) {
      for (const m of e.matchAll(/(rate|increase)\((holdless_[a-z0-9_]+)/g)) {
        if (m[2] !== 'holdless_group_commit') expect(types.get(m[2]!), `${m[2]} in ${e}`).toBe('counter');
      }
    }
  });
});
