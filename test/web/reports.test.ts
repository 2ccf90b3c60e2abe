/**
 * The reports page in Chromium over a real server that lived through the known day of
 * test/reports/day.ts (scripted telephony, fake clock): wallboard tiles over SSE, the summary for
 * a period, the detail list with search, and the exports; screenshots at 1280 and 360 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeTelephony, MONDAY_10, harnessConfig, settle, trackStore, type Harness } from '../dialer/harness.js';
import { CALLBACKS, morning, runUntil } from '../reports/day.js';
import { join } from 'node:path';
import { ADMIN, ARTIFACTS, launchBrowser, newPage, shot, startServer, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let untrack = () => {};

beforeAll(async () => {
  const clock = new FakeClock(MONDAY_10);
  const tel = new FakeTelephony();
  const { services, agents, subjects } = harnessConfig();
  server = await startServer({ services, agents, subjects }, {
    clock, telephony: tel, queueOptions: { autoPoll: false, dialer: { dialsPerSecond: 1000, burst: 1000 } },
  });
  untrack = trackStore(server.app.parts.sqlite);
  const q = server.app.parts.queue!.system;
  // The day driver needs only these parts of the dialer harness.
  const h = {
    app: server.app, q, clock, tel, config: server.config,
    advance: async (ms: number) => { clock.advance(ms); await q.tick(); await settle(); },
    ready: (id: string) => q.agents.setState(id, 'READY', undefined),
  } as unknown as Harness;
  await morning(h);
  h.ready('alice');
  await runUntil(h, Date.parse('2026-03-02T10:30:00Z')); // 11:30 in Berlin: the 11:00 slot was called too
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.app.stop();
  untrack();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.base}/reports`);
  await page.getByLabel('User').fill('sam');
  await page.getByLabel('Password').fill('sam-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
}
const tileOf = (page: Page, service: string, key: string) => page.locator(`[data-service=${service}] [data-tile="${key}"] b`);

describe('reports page', () => {
  it('shows the wallboard live over SSE, then the summary, the detail list and the exports for the period (1280 px)', async () => {
    const page = await newPage(browser, { width: 1280, height: 900 });
    await signIn(page);
    await expect.poll(() => tileOf(page, 'billing', 'offered').textContent()).toBe('6');
    expect(await tileOf(page, 'billing', 'accepted').textContent()).toBe('3');
    expect(await tileOf(page, 'billing', 'requested').textContent()).toBe(String(CALLBACKS.length));
    expect(await tileOf(page, 'billing', 'abandoned').textContent()).toBe('2'); // one live caller, one during the offer
    await expect.poll(() => page.locator('#pane-live .chart canvas').count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'reports-live-1280');

    await page.getByRole('tab', { name: 'History' }).click();
    const figure = (label: string) => page.locator('table[data-total=billing] tr', { has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) }).locator('td');
    await expect.poll(() => figure('Offered').textContent()).toBe('6');
    expect(await figure('Successful').textContent()).toBe('4');
    expect(await figure('Money saved').textContent()).toMatch(/€/);
    await expect.poll(() => page.locator('tr[data-id]').count()).toBe(CALLBACKS.length);
    await shot(page, 'reports-history-1280');

    await page.getByLabel('Channel').selectOption('web');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('tr[data-id]').count()).toBe(2);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('callbacks.csv');
    const text = await new Promise<string>((resolve, reject) => {
      void csv.createReadStream().then((s) => {
        let t = '';
        s.on('data', (c: Buffer) => { t += c.toString(); }).on('end', () => resolve(t)).on('error', reject);
      });
    });
    expect(text.trim().split('\r\n')).toHaveLength(1 + 2);
    const [summary] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(summary.suggestedFilename()).toBe('callback-summary.csv');
    await page.context().close();
  });

  it('fits a 360 px phone screen without horizontal scrolling of the page', async () => {
    const page = await newPage(browser, { width: 360, height: 780 });
    await signIn(page);
    await expect.poll(() => tileOf(page, 'billing', 'offered').textContent()).toBe('6');
    await shot(page, 'reports-live-360');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.locator('tr[data-id]').count()).toBe(CALLBACKS.length);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'reports-history-360');
    await page.locator('table[data-total=billing]').screenshot({ path: join(ARTIFACTS, 'reports-figures-360.png') });
    await page.context().close();
  });
});
