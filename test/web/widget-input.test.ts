import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, focused, hostEvents, launchBrowser, newPage, shot, startServer, widgetDialog, openDemo as openDemoPage, type Server } from './harness.js';

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

const dialog = widgetDialog;
const openDemo = (page: Page): Promise<void> => openDemoPage(page, server.base);

async function tabTo(page: Page, target: string, max = 15): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if ((await focused(page)) === target) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`focus never reached ${target}; it is on ${await focused(page)}`);
}

describe('widget', () => {
  it('shows a slot taken meanwhile at the time picker with nearby proposals, and books one of them', async () => {
    const page = await newPage(browser);
    await openDemo(page);
    await page.evaluate("window.Holdless.open({ service: 'sales' })");
    await page.getByLabel('First name').fill('Lena');
    await page.getByLabel('Phone number').fill('+49 30 5550101');
    await dialog(page).getByLabel('At a time I choose').check();
    const time = dialog(page).getByLabel('Time', { exact: true });
    await expect.poll(() => time.inputValue()).not.toBe('');
    const chosen = await time.inputValue();
    // Someone else takes the last place in that slot (sales has capacity 1) before the visitor confirms.
    const other = await apiCall(server.base, 'POST', '/v1/callbacks', { serviceId: 'sales', phone: '+49 30 5550202', slotStart: chosen });
    expect(other.status).toBe(201);
    await dialog(page).getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => dialog(page).locator('.err').allTextContents()).toContain('That time was just taken — pick another');
    const proposals = dialog(page).locator('.prop button');
    await expect.poll(() => proposals.count()).toBeGreaterThan(0);
    await shot(page, 'widget-slot-full');
    await proposals.first().click();
    await expect.poll(() => time.inputValue()).not.toBe(chosen);
    const picked = await time.inputValue();
    expect(Date.parse(picked)).not.toBeNaN();
    await dialog(page).getByRole('button', { name: 'Confirm' }).click();
    const ok = dialog(page).locator('.ok');
    await expect.poll(() => ok.getAttribute('data-callback-id')).toBeTruthy();
    const list = await apiCall<{ items: { scheduled: { slotStart: string } | null }[] }>(server.base, 'GET', '/v1/callbacks?service=sales', undefined, 'admin-secret');
    expect(list.body.items.map((i) => i.scheduled?.slotStart).sort()).toEqual([chosen, picked].sort());
    const errors = (await hostEvents(page)).filter((e) => e.type === 'error').map((e) => e.error!.code);
    expect(errors).toEqual(['SLOT_FULL']);
    await page.context().close();
  });

  it('can be used with the keyboard alone: open, required-field errors, fill, confirm, Escape, focus kept inside', async () => {
    const page = await newPage(browser);
    await openDemo(page);
    await tabTo(page, 'call-me');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('widget:firstName');
    await tabTo(page, 'widget:Confirm');
    await page.keyboard.press('Enter');
    // Empty required fields: the errors are shown and the focus goes to the first one.
    await expect.poll(() => focused(page)).toBe('widget:firstName');
    expect(await dialog(page).locator('.err').allTextContents()).toEqual(expect.arrayContaining(['Please fill in first name', 'Please fill in phone number']));
    await page.keyboard.type('Kim');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keys');
    await tabTo(page, 'widget:phone');
    await page.keyboard.type('040 3344556');
    await tabTo(page, 'widget:when');
    await tabTo(page, 'widget:Confirm');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('widget:Cancel my callback');
    expect(await dialog(page).locator('.ok').textContent()).toContain('as soon as possible');
    // The focus stays inside the dialog however often Tab is pressed.
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatch(/^widget:/);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatch(/^widget:/);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).isVisible()).toBe(false);
    expect(await focused(page)).toBe('call-me');
    const types = (await hostEvents(page)).map((e) => e.type);
    expect(types).toEqual(['opened', 'error', 'submitted', 'confirmed', 'closed']);
    await page.context().close();
  });

  it('fits a 360 px wide phone screen', async () => {
    const page = await newPage(browser, { width: 360, height: 740 });
    await openDemo(page);
    await page.click('#call-me');
    await expect.poll(() => page.getByLabel('First name').isVisible()).toBe(true);
    const box = (await dialog(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    const overflow = await dialog(page).evaluate((d) => d.scrollWidth - d.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'widget-mobile');
    await page.context().close();
  });
});
