import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueInsight } from '../../src/app/ports/queue-insight.js';
import { ADMIN, apiCall, hostEvents, launchBrowser, newPage, shot, startServer, widgetDialog, openDemo as openDemoPage, type Server } from './harness.js';

// The queue engine is not wired here: a fixed estimate shows the "live wait" path of the widget.
const queue: QueueInsight = { ewtForNew: () => 240, ewtFor: () => 240, callbackChanged: () => undefined };

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({}, { queue });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.app.stop();
});

const dialog = widgetDialog;
const openDemo = (page: Page): Promise<void> => openDemoPage(page, server.base);

const events = hostEvents;

interface Stored { context?: Record<string, string>; firstName?: string; lastName?: string; phone: string; notes?: string; slotStart?: number; state: string; customerId?: string }
const stored = (id: string): Stored => server.app.parts.sqlite!.sync.callbacks.get(id) as unknown as Stored;

describe('widget bundle', () => {
  it('is served at /widget.js within 30 kB gzipped', async () => {
    const res = await fetch(`${server.base}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    const size = gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThanOrEqual(30 * 1024);
  });
});

describe('widget in the demo page', () => {
  it('takes an as-soon-as-possible callback with the live wait and page context', async () => {
    const page = await newPage(browser);
    await openDemo(page);
    await page.click('#call-me');
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    await expect.poll(() => dialog(page).getByText('Current wait: about 4 min').count()).toBe(1);
    await page.getByLabel('First name').fill('Max');
    await page.getByLabel('Last name').fill('Muster');
    await page.getByLabel('Phone number').fill('030 7654321');
    await page.getByLabel('What is it about?').fill('My last invoice');
    await shot(page, 'widget-form');
    await dialog(page).getByRole('button', { name: 'Confirm' }).click();
    const ok = dialog(page).locator('.ok');
    await expect.poll(() => ok.textContent()).toContain('as soon as possible');
    const id = (await ok.getAttribute('data-callback-id'))!;
    await shot(page, 'widget-confirmed');
    const cb = stored(id);
    expect(cb).toMatchObject({ firstName: 'Max', lastName: 'Muster', phone: '+49307654321', notes: 'My last invoice', state: 'QUEUED' });
    expect(cb.context).toMatchObject({ pageUrl: `${server.base}/demo`, pageTitle: 'Test Energy — Billing help' });
    const log = await events(page);
    expect(log.map((e) => e.type)).toEqual(['opened', 'submitted', 'confirmed']);
    expect(log[2]).toMatchObject({ callbackId: id, counters: { opened: 1, submitted: 1, confirmed: 1, errors: 0 } });
    await page.context().close();
  });

  it('books a slot in the visitor time zone, prefilled for a signed-in visitor, and cancels it', async () => {
    const page = await newPage(browser, { timezoneId: 'America/New_York' });
    await openDemo(page);
    await page.click('#call-me-signed-in');
    await expect.poll(() => page.getByLabel('First name').inputValue()).toBe('Erika');
    expect(await page.getByLabel('Phone number').inputValue()).toBe('030 1234567');
    await dialog(page).getByLabel('At a time I choose').check();
    const avail = await apiCall<{ slots: { start: string; localStart: string }[] }>(server.base, 'GET', '/v1/services/billing/availability?tz=America%2FNew_York');
    const second = avail.body.slots.find((s) => s.localStart.slice(0, 10) !== avail.body.slots[0]!.localStart.slice(0, 10))!;
    await expect.poll(() => dialog(page).getByLabel('Day', { exact: true }).locator('option').count()).toBeGreaterThan(1);
    await dialog(page).getByLabel('Day', { exact: true }).selectOption(second.localStart.slice(0, 10));
    await dialog(page).getByLabel('Time', { exact: true }).selectOption(second.start);
    // The option shows the slot in New York time, as the API computed it for that zone.
    expect(await dialog(page).getByLabel('Time', { exact: true }).locator('option:checked').textContent()).toBe(second.localStart.slice(11, 16));
    await shot(page, 'widget-slot-picker');
    await dialog(page).getByRole('button', { name: 'Confirm' }).click();
    const ok = dialog(page).locator('.ok');
    await expect.poll(() => ok.textContent()).toContain(second.localStart.slice(11, 16));
    const id = (await ok.getAttribute('data-callback-id'))!;
    const cb = stored(id);
    expect(cb).toMatchObject({ state: 'SCHEDULED', slotStart: Date.parse(second.start), customerId: 'C-1001', firstName: 'Erika' });
    expect(cb.context).toMatchObject({ plan: 'Green 24', page: 'billing-help' });
    await dialog(page).getByRole('button', { name: 'Cancel my callback' }).click();
    await expect.poll(() => ok.textContent()).toBe('Your callback has been cancelled.');
    expect(stored(id).state).toBe('CANCELLED');
    const log = await events(page);
    expect(log.map((e) => e.type)).toEqual(['opened', 'submitted', 'confirmed', 'cancelled']);
    expect(log[3]).toMatchObject({ stage: 'callback', callbackId: id });
    await page.context().close();
  });

  it('shows a bad or refused number at the phone field in plain words', async () => {
    const page = await newPage(browser);
    await openDemo(page);
    await page.click('#call-me');
    await page.getByLabel('First name').fill('Max');
    const phone = page.getByLabel('Phone number');
    await phone.fill('12345678901234'); // +49 and 14 digits: more than E.164's 15
    await dialog(page).getByRole('button', { name: 'Confirm' }).click();
    const error = dialog(page).locator('[id$=-err]').filter({ hasText: /\S/ });
    await expect.poll(() => error.allTextContents()).toEqual(['This number seems too long — please check it']);
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'widget-phone-error');
    await phone.fill('+49 151 99123456'); // refused by the rules' blocked pattern (403 at the server)
    await dialog(page).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => error.allTextContents()).toEqual(['We cannot call this number']);
    const log = await events(page);
    expect(log.filter((e) => e.type === 'error').map((e) => e.error?.code)).toEqual(['PHONE_IMPOSSIBLE', 'PHONE_BLOCKED_PATTERN']);
    const list = await apiCall<{ items: unknown[] }>(server.base, 'GET', '/v1/callbacks?service=billing&state=QUEUED,SCHEDULED', undefined, ADMIN);
    expect(list.body.items.length).toBe(1); // only the first test's callback
    await page.context().close();
  });
});
