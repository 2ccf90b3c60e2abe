import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, apiCall, axeViolations, launchBrowser, newPage, shot, shotsAtWidths, startServer, type Server } from './harness.js';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.app.stop();
});

interface Slot { start: string }
interface View { id: string; state: string; scheduled: { slotStart: string } | null }

const rows = (page: Page) => page.locator('tr[data-id]');
const scheduledCount = (page: Page) => page.locator('[data-service=billing] [data-count="scheduled"] b').textContent();
const state = async (id: string) => (await apiCall<View>(server.base, 'GET', `/v1/callbacks/${id}`, undefined, ADMIN)).body.state;

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.base}/supervisor`);
  await page.getByLabel('User').fill('sam');
  await page.getByLabel('Password').fill('sam-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('supervisor view', () => {
  it('refuses a wrong password', async () => {
    const page = await newPage(browser, { bypassCSP: true });
    await page.goto(`${server.base}/supervisor`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('User').fill('sam');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong user or password.');
    await page.context().close();
  });

  it('lists whose callback it is, finds a national-format number, says "no agents", words for states', async () => {
    const { body: avail } = await apiCall<{ slots: Slot[] }>(server.base, 'GET', '/v1/services/billing/availability');
    const a = (await apiCall<View>(server.base, 'POST', '/v1/callbacks', {
      subjectId: 'invoice', phone: '+49 30 1000001', firstName: 'Erika', lastName: 'Muster', customerId: 'C-1', notes: 'Meter reading wrong', slotStart: avail.slots[0]!.start,
    })).body;
    const page = await newPage(browser, { bypassCSP: true });
    await signIn(page);
    await expect.poll(() => rows(page).count()).toBe(1);
    const row = page.locator(`tr[data-id="${a.id}"]`);
    expect(await row.locator('[data-col=customer]').innerText()).toBe('Erika Muster\nC-1');
    expect(await row.locator('[data-col=phone]').innerText()).toBe('030 1000001');
    expect(await row.locator('[data-col=subject]').innerText()).toBe('Invoice question\nMeter reading wrong');
    expect(await row.locator('[data-col=state]').innerText()).toBe('Scheduled');
    // Nobody is logged in: the EWT says so instead of a number of minutes.
    await expect.poll(() => page.locator('[data-service=billing] [data-count=ewtSeconds] b').textContent()).toBe('no agents');
    expect(await page.locator('[data-count="agents.LOGGED_OUT"] span').textContent()).toBe('Logged out');
    expect(await page.locator('[data-service=billing]').innerText()).toContain('Answered, waiting for an agent');
    expect(await page.locator('main').innerText()).not.toMatch(/[A-Z]+_[A-Z]+/);

    // Changing counts are announced politely, once, as a difference.
    await apiCall(server.base, 'POST', '/v1/callbacks', { serviceId: 'billing', phone: '+49 30 1000009' });
    await expect.poll(() => page.locator('[data-changes]').textContent(), { timeout: 8000 }).toContain('Billing: In queue 1 (was 0)');
    expect(await page.locator('[data-changes]').getAttribute('aria-live')).toBe('polite');
    await page.getByLabel('Phone').fill('030 1000001');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'callback shown' }).textContent()).toBe('1 callback shown.');
    await page.getByLabel('Phone').fill('030 9999999');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('tr[data-empty]').textContent()).toBe('No callbacks match this search.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Phone').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows(page).count()).toBe(2);
    await shotsAtWidths(page, 'supervisor-callbacks');
    await shot(page, 'supervisor-live');
    // Back to a clean list for the next test.
    const open = await apiCall<{ items: { id: string }[] }>(server.base, 'GET', '/v1/callbacks?state=QUEUED,SCHEDULED', undefined, ADMIN);
    await apiCall(server.base, 'POST', '/v1/callbacks/bulk-cancel', { ids: open.body.items.map((i) => i.id), reason: 'TEST' }, ADMIN);
    await page.context().close();
  });

  it('reschedules with a day and time picker showing free places and the current slot', async () => {
    const { body: avail } = await apiCall<{ slots: Slot[] }>(server.base, 'GET', '/v1/services/billing/availability');
    const [s1, s2] = avail.slots;
    const a = (await apiCall<View>(server.base, 'POST', '/v1/callbacks', { serviceId: 'billing', phone: '+49 30 2000001', slotStart: s1!.start })).body;
    const page = await newPage(browser, { bypassCSP: true });
    await signIn(page);
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.locator(`tr[data-id="${a.id}"]`).getByRole('button', { name: 'Reschedule' }).click();
    const time = page.locator('tr.resched').getByLabel('Time', { exact: true });
    await expect.poll(() => time.locator('option').count()).toBeGreaterThan(1);
    const current = time.locator('option[data-current]');
    expect(await current.textContent()).toMatch(/ · current$/);
    expect(await current.isDisabled()).toBe(true);
    // The test service has capacity 2: the current slot has 1 of 2 places left, the others 2 of 2.
    expect(await time.locator(`option[value="${s2!.start}"]`).textContent()).toMatch(/ · 2 of 2 free$/);
    expect(await axeViolations(page)).toEqual([]);
    await shotsAtWidths(page, 'supervisor-reschedule');
    await time.selectOption(s2!.start);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await apiCall<View>(server.base, 'GET', `/v1/callbacks/${a.id}`, undefined, ADMIN)).body.scheduled?.slotStart).toBe(s2!.start);
    // No extra "RESCHEDULED" line under the state.
    await expect.poll(() => page.locator(`tr[data-id="${a.id}"] [data-col=state]`).innerText()).toBe('Scheduled');
    await apiCall(server.base, 'POST', '/v1/callbacks/bulk-cancel', { ids: [a.id], reason: 'TEST' }, ADMIN);
    await page.context().close();
  });

  it('bulk cancel: select all, confirm, undo keeps them; confirmed, they are cancelled and the empty list says so', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await apiCall<View>(server.base, 'POST', '/v1/callbacks', { serviceId: 'billing', phone: `+49 30 300000${n}` })).body.id);
    const page = await newPage(browser, { bypassCSP: true });
    await signIn(page);
    await expect.poll(() => rows(page).count()).toBe(3);
    // Keyboard only: Space on the select-all box.
    await page.getByLabel('Select all callbacks that can be cancelled').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Cancel selected (3)' }).click();
    expect(await page.getByRole('alertdialog').textContent()).toContain('Cancel 3 callbacks? The customers will not be called.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Yes, cancel 3 callbacks' }).click();
    await expect.poll(() => page.locator('[data-bulk]').textContent()).toContain('Cancelling 3 callbacks in 5 seconds');
    await shot(page, 'supervisor-undo');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByText('Kept 3 callbacks: nothing was cancelled.').count()).toBe(1);
    await new Promise((r) => setTimeout(r, 5500));
    expect(await Promise.all(ids.map(state))).toEqual(['QUEUED', 'QUEUED', 'QUEUED']);

    await page.getByRole('button', { name: 'Cancel selected (3)' }).click();
    await page.getByRole('button', { name: 'Yes, cancel 3 callbacks' }).click();
    await expect.poll(() => Promise.all(ids.map(state)), { timeout: 10_000 }).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    await expect.poll(() => page.locator('tr[data-empty]').textContent()).toBe('No callbacks match this search.');
    await page.context().close();
  });
});
