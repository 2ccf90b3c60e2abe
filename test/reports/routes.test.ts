/** The report routes over HTTP (inject) on the known day: summary JSON/CSV, detail pages, streamed exports, masking. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../dialer/harness.js';
import { CALLBACKS, morning, runUntil, type Observed } from './day.js';

let h: Harness;
let seen: Observed;
beforeAll(async () => {
  h = await harness();
  seen = await morning(h);
  h.ready('alice');
  await runUntil(h, Date.parse('2026-03-02T11:00:00Z'));
});
afterAll(async () => { await h.close(); });

const admin = { authorization: 'Bearer admin-secret' };
const day = `from=${encodeURIComponent('2026-03-02T00:00:00+01:00')}&to=${encodeURIComponent('2026-03-03T00:00:00+01:00')}`;
const get = (url: string, headers: Record<string, string> = admin) => h.app.parts.http.inject({ url, headers });

describe('GET /v1/reports/summary', () => {
  it('answers JSON rows per day with a total, hour rows on request, and the same figures as CSV', async () => {
    const res = await get(`/v1/reports/summary?${day}&service=billing`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rows.map((r: { period: string }) => r.period)).toEqual(['2026-03-02', 'total']);
    expect(body.rows[0].offers).toMatchObject({ offered: 6, accepted: 3, declined: 2, abandoned: 1 });
    const hours = (await get(`/v1/reports/summary?${day}&service=billing&interval=hour`)).json().rows;
    expect(hours.map((r: { period: string }) => r.period)).toContain('2026-03-02T10');
    const total = hours.find((r: { period: string }) => r.period === 'total');
    expect(total.requested.total).toBe(CALLBACKS.length);
    const csv = await get(`/v1/reports/summary?${day}&service=billing&format=csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, first] = csv.body.trim().split('\r\n').map((l) => l.split(','));
    expect(first![header!.indexOf('offers.offered')]).toBe('6');
    expect(first![header!.indexOf('requested.byChannel.web')]).toBe('2');
    const web = (await get(`/v1/reports/summary?${day}&service=billing&channel=web`)).json().rows[0];
    expect(web.requested).toMatchObject({ total: 2, byChannel: { web: 2 } });
    expect(web.offers.offered).toBe(0); // offers are the IVR's
  });

  it('refuses without the admin token, backwards ranges, unknown channels and services', async () => {
    expect((await get(`/v1/reports/summary?${day}`, {})).statusCode).toBe(401);
    const back = await get(`/v1/reports/summary?from=${encodeURIComponent('2026-03-03T00:00:00Z')}&to=${encodeURIComponent('2026-03-02T00:00:00Z')}`);
    expect(back.json().code).toBe('RANGE_INVALID');
    expect((await get(`/v1/reports/summary?${day}&channel=fax`)).statusCode).toBe(422);
    expect((await get(`/v1/reports/summary?${day}&service=nope`)).statusCode).toBe(422);
  });
});

describe('detail report', () => {
  it('pages by keyset without gaps or repeats, each row with its attempts, agent, end state and timeline', async () => {
    const ids: string[] = [];
    let after = '';
    for (let i = 0; i < 10; i++) {
      const page = (await get(`/v1/reports/callbacks?${day}&limit=4${after ? `&after=${after}` : ''}`)).json();
      ids.push(...page.rows.map((r: { id: string }) => r.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(ids.sort()).toEqual([...seen.ids.values()].sort());
    const rows = (await get(`/v1/reports/callbacks?${day}&limit=50`)).json().rows as { id: string; [k: string]: unknown }[];
    const p2 = rows.find((r) => r.id === seen.ids.get('P2'))!;
    expect(p2).toMatchObject({ channel: 'ivr', phone: '+4930111000002', state: 'COMPLETED', agentId: 'alice', ewtSecondsAtRequest: 300 });
    expect((p2.attempts as { outcome: string }[]).map((a) => a.outcome)).toEqual(['BUSY', 'PERSON']);
    expect((p2.timeline as { step: string }[]).map((s) => s.step)).toEqual(expect.arrayContaining(['QUEUED', 'RETRY_WAIT', 'CONNECTED', 'COMPLETED']));
    const p3 = rows.find((r) => r.id === seen.ids.get('P3'))!;
    expect(p3).toMatchObject({ state: 'FAILED', endReason: 'MAX_ATTEMPTS_NO_ANSWER' });
    const web = (await get(`/v1/reports/callbacks?${day}&channel=web&state=CANCELLED`)).json().rows;
    expect(web.map((r: { id: string }) => r.id)).toEqual([seen.ids.get('W2')]);
    expect((await get(`/v1/reports/callbacks?${day}&state=WAITING`)).json().code).toBe('STATE_UNKNOWN');
  });

  it('exports CSV and NDJSON streams with one row per callback; numbers masked on request', async () => {
    const csv = await get(`/v1/reports/callbacks/export?${day}&format=csv`);
    expect(csv.headers['content-disposition']).toContain('callbacks.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(1 + CALLBACKS.length);
    expect(lines[0]!.split(',')).toContain('attemptOutcomes');
    expect(csv.body).toContain('BUSY;PERSON');
    const nd = await get(`/v1/reports/callbacks/export?${day}&format=ndjson&masked=true`);
    const rows = nd.body.trim().split('\n').map((l) => JSON.parse(l) as { phone: string; timeline: unknown[] });
    expect(rows).toHaveLength(CALLBACKS.length);
    for (const r of rows) {
      expect(r.phone).not.toMatch(/^\+4930111\d{6}$/);
      expect(r.phone).toMatch(/\*/);
      expect(r.timeline.length).toBeGreaterThan(0);
    }
    expect((await get(`/v1/reports/callbacks/export?${day}&format=xml`)).statusCode).toBe(422);
  });
});

describe('GET /v1/reports/realtime', () => {
  it("shows the live queue and today's figures per service, and agents by state", async () => {
    const r = (await get('/v1/reports/realtime')).json();
    const billing = r.services.find((s: { serviceId: string }) => s.serviceId === 'billing');
    expect(billing).toMatchObject({ live: 0, callback: 0, oldestWaitSeconds: null, dueNextHour: 0 });
    expect(billing.today).toMatchObject({ offered: 6, accepted: 3, requested: CALLBACKS.length, answered: 1, callbacksConnected: 4, distributed: 5, abandoned: 2, serviceLevel: 0 });
    expect(r.agents).toMatchObject({ READY: 1, LOGGED_OUT: 1 });
    expect((await get('/v1/reports/realtime', {})).statusCode).toBe(401);
  });
});
