/**
 * The summary reconciles with a known day: every figure is derived here from the scenario table
 * and from what the telephony fake and the agents saw, never from the event log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callbackSummary } from '../../src/app/reports/callback-summary.js';
import type { SummaryRow } from '../../src/app/reports/summary-row.js';
import { reportSettingsOf } from '../../src/adapters/config/report-settings.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { MONDAY_10, harness, harnessConfig, type Harness } from '../dialer/harness.js';
import { CALLBACKS, DIAL_TIMES, IVR_HANGUPS, LIVE, OFFERS, morning, runUntil, type Observed } from './day.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

const DAY_FROM = Date.parse('2026-03-01T23:00:00Z'); // Monday 00:00 Berlin
const DAY_TO = Date.parse('2026-03-02T23:00:00Z');
const settings = reportSettingsOf({ currency: 'EUR', holdCostPerMinute: 0.6, serviceLevelSeconds: 20, punctualityMinutes: 5, services: {} });
const summary = (x: Harness): Promise<SummaryRow[]> =>
  callbackSummary(x.app.parts.ctx, settings, { from: DAY_FROM, to: DAY_TO, interval: 'day', serviceId: 'billing' });

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(0.9 * xs.length) - 1];

function expected(seen: Observed) {
  const dialled = CALLBACKS.filter((c) => !c.cancel);
  const succeeded = dialled.filter((c) => c.dials.includes('PERSON'));
  const asapConnected = succeeded.filter((c) => !c.slot);
  const waitConnect = asapConnected.map((c) => (seen.connectedAt.get(seen.ids.get(c.name)!)! - seen.createdAt) / 1000);
  const s1 = CALLBACKS.find((c) => c.slot)!;
  const liveAnswered = LIVE.filter((l) => l.hangUpAfterMs === undefined);
  const liveWaits = liveAnswered.map((l) => (seen.connectedAt.get(seen.liveEntries.get(l.callId)!)! - seen.createdAt) / 1000);
  const byOutcome: Record<string, number> = {};
  for (const c of dialled) for (const d of c.dials) byOutcome[d] = (byOutcome[d] ?? 0) + 1;
  const allDials = dialled.flatMap((c) => c.dials);
  const rings = allDials.map((d) => DIAL_TIMES[d].ring);
  const confirms = allDials.flatMap((d) => (DIAL_TIMES[d].confirm === undefined ? [] : [DIAL_TIMES[d].confirm!]));
  const savedSeconds = succeeded.reduce((a, c) => a + c.ewt, 0);
  const pairs = asapConnected.map((c, i) => Math.abs(c.ewt - waitConnect[i]!));
  return {
    offers: {
      offered: OFFERS.length, accepted: OFFERS.filter((o) => o.step === 'accepted').length,
      declined: OFFERS.filter((o) => o.step === 'declined').length, abandoned: OFFERS.filter((o) => o.step === 'abandoned').length,
      byKind: Object.fromEntries([...new Set(OFFERS.map((o) => o.kind))].map((k) => [k, {
        offered: OFFERS.filter((o) => o.kind === k).length, accepted: OFFERS.filter((o) => o.kind === k && o.step === 'accepted').length,
      }])),
    },
    requested: {
      total: CALLBACKS.length, scheduled: 1, asap: CALLBACKS.length - 1,
      byChannel: { ivr: CALLBACKS.filter((c) => c.channel === 'ivr').length, web: 2, api: 1 },
    },
    attempted: dialled.length, answered: succeeded.length, connected: succeeded.length, successful: succeeded.length,
    attempts: {
      total: dialled.reduce((a, c) => a + c.dials.length, 0), byOutcome,
      perSuccessful: succeeded.reduce((a, c) => a + c.dials.length, 0) / succeeded.length,
      ringTime: { count: rings.length, averageSeconds: mean(rings), p90Seconds: p90(rings) },
      confirmationTime: { count: confirms.length, averageSeconds: mean(confirms), p90Seconds: p90(confirms) },
    },
    abandonedInIvr: {
      beforeOffer: IVR_HANGUPS.length, duringOffer: OFFERS.filter((o) => o.step === 'abandoned').length,
      total: IVR_HANGUPS.length + OFFERS.filter((o) => o.step === 'abandoned').length,
    },
    unsuccessful: { total: 1, byReason: { MAX_ATTEMPTS_NO_ANSWER: 1 } },
    cancelled: 1, expired: 0, open: 0,
    waitToConnect: { count: asapConnected.length, averageSeconds: mean(waitConnect), p90Seconds: Math.max(...waitConnect) },
    punctuality: { measured: 1, onTime: 1, averageOffsetSeconds: (seen.firstDialAt.get(s1.phone)! - Date.parse(s1.slot!)) / 1000 },
    savings: { callbacks: succeeded.length, timeSavedSeconds: savedSeconds, moneySaved: Math.round((savedSeconds / 60) * 0.6 * 100) / 100 },
    live: { queued: LIVE.length, answered: liveAnswered.length, abandoned: 1, answeredWithinTarget: liveWaits.filter((w) => w <= 20).length },
    waitBeforeAbandon: { live: { count: 1, averageSeconds: 30 } },
    ewtAtJoin: { samples: asapConnected.length, meanAbsoluteErrorSeconds: mean(pairs) },
  };
}

function check(row: SummaryRow, seen: Observed): void {
  const e = expected(seen);
  expect(row.offers).toMatchObject(e.offers);
  expect(row.offers.offered).toBe(row.offers.accepted + row.offers.declined + row.offers.abandoned);
  expect(row.requested).toEqual(e.requested);
  expect(row.abandonedInIvr).toEqual(e.abandonedInIvr);
  expect(row).toMatchObject({
    attempted: e.attempted, answered: e.answered, connected: e.connected, successful: e.successful,
    cancelled: e.cancelled, expired: e.expired, open: e.open, unsuccessful: e.unsuccessful,
  });
  expect(row.requested.total).toBe(row.successful + row.unsuccessful.total + row.cancelled + row.expired + row.open);
  expect(row.attempts).toEqual(e.attempts);
  expect(row.waitToConnect.count).toBe(e.waitToConnect.count);
  expect(row.waitToConnect.averageSeconds).toBeCloseTo(e.waitToConnect.averageSeconds, 6);
  expect(row.waitToConnect.p90Seconds).toBe(e.waitToConnect.p90Seconds);
  expect(row.punctuality).toMatchObject(e.punctuality);
  expect(row.savings).toMatchObject(e.savings);
  expect(row.live).toMatchObject(e.live);
  expect(row.waitBeforeAbandon.live).toMatchObject(e.waitBeforeAbandon.live);
  expect(row.ewtAccuracy.atJoin.samples).toBe(e.ewtAtJoin.samples);
  expect(row.ewtAccuracy.atJoin.meanAbsoluteErrorSeconds).toBeCloseTo(e.ewtAtJoin.meanAbsoluteErrorSeconds, 6);
}

const NOON = Date.parse('2026-03-02T11:00:00Z');

describe('callback summary of a known day', () => {
  it('matches the counts derived from the scenario, day row and total row alike', async () => {
    h = await harness();
    const seen = await morning(h);
    h.ready('alice');
    await runUntil(h, NOON);
    const rows = await summary(h);
    expect(rows.map((r) => r.period)).toEqual(['2026-03-02', 'total']);
    check(rows[0]!, seen);
    check(rows[1]!, seen);
  });

  it('a restart in the middle of the day (same SQLite file, app rebuilt) changes no figure', async () => {
    const config = harnessConfig();
    const clock = new FakeClock(MONDAY_10);
    h = await harness({ config, clock });
    const seen = await morning(h);
    h.ready('alice');
    await runUntil(h, MONDAY_10 + 40 * 60_000); // P3 is between attempts, S1 not yet due
    const before = await summary(h);
    await h.close();
    h = await harness({ config, clock, tel: h.tel });
    expect(await summary(h)).toEqual(before);
    // The rest of the day on the rebuilt app: the final figures still reconcile.
    const { observe } = await import('./day.js');
    observe(h, seen);
    await runUntil(h, NOON);
    check((await summary(h))[0]!, seen);
  });
});
