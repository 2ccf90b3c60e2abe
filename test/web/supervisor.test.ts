import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, apiCall, launchBrowser, newPage, shot, startServer, type Server } from './harness.js';

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

describe('supervisor view', () => {
  it('refuses a wrong password', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.base}/supervisor`);
    await page.getByLabel('User').fill('sam');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong user or password.');
    await page.context().close();
  });

  it('searches callbacks, reschedules one to a free slot and cancels another; the live counts follow', async () => {
    const { body: avail } = await apiCall<{ slots: Slot[] }>(server.base, 'GET', '/v1/services/billing/availability');
    const [s1, s2] = avail.slots;
    const make = (phone: string, slotStart?: string) =>
      apiCall<View>(server.base, 'POST', '/v1/callbacks', { serviceId: 'billing', phone, ...(slotStart ? { slotStart } : {}) }).then((r) => r.body);
    const a = await make('+49 30 1000001', s1!.start);
    const b = await make('+49 30 1000002', s1!.start);
    await make('+49 30 1000003');

    const page = await newPage(browser);
    await page.goto(`${server.base}/supervisor`);
    await page.getByLabel('User').fill('sam');
    await page.getByLabel('Password').fill('sam-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => rows(page).count()).toBe(3);
    await expect.poll(() => scheduledCount(page)).toBe('2');

    await page.getByLabel('Phone').fill('+49301000001');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rows(page).first().getAttribute('data-id')).toBe(a.id);
    await page.getByLabel('Phone').fill('');
    await page.getByLabel('State').selectOption('SCHEDULED');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => rows(page).count()).toBe(2);
    await shot(page, 'supervisor-callbacks');

    // Reschedule a to the second free slot, picked from the availability shown in the page.
    await page.locator(`tr[data-id="${a.id}"]`).getByRole('button', { name: 'Reschedule' }).click();
    const newTime = page.getByLabel('New time');
    await expect.poll(() => newTime.locator('option').count()).toBeGreaterThan(1);
    await newTime.selectOption(s2!.start);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await apiCall<View>(server.base, 'GET', `/v1/callbacks/${a.id}`, undefined, ADMIN)).body.scheduled?.slotStart).toBe(s2!.start);

    await page.getByLabel(`Select callback ${b.id}`).check();
    await page.getByRole('button', { name: 'Cancel selected (1)' }).click();
    await expect.poll(async () => (await apiCall<View>(server.base, 'GET', `/v1/callbacks/${b.id}`, undefined, ADMIN)).body.state).toBe('CANCELLED');
    await expect.poll(() => rows(page).count()).toBe(1);
    await expect.poll(() => scheduledCount(page)).toBe('1');
    await page.context().close();
  });
});
