/** The widget for people: the service's language (German) or the visitor's, who is calling, plain phone errors, sites that may not book. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService } from '../../src/testing/test-config.js';
import { axeViolations, launchBrowser, newPage, openDemo, shot, shotsAtWidths, startServer, widgetDialog as dialog, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let foreign: HttpServer;
let foreignBase: string;

beforeAll(async () => {
  server = await startServer({
    services: [testService({ language: 'de', phoneNumber: '+493012345600' }), testService({ id: 'sales', name: 'Sales', slotMinutes: 60, capacity: { default: 1, overrides: [] } })],
  });
  // Another site (another origin) that embeds the widget but is not in http.corsOrigins.
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Other shop</title></head><body><main><button id="b" type="button">Call me</button></main>
<script src="${server.base}/widget.js" data-service="billing" data-button="#b" async></script></body></html>`);
  });
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', () => r()));
  foreignBase = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => foreign?.close(r));
  await server?.app.stop();
});

const stored = (id: string) => server.app.parts.sqlite!.sync.callbacks.get(id)!;
const phoneError = (page: Page) => dialog(page).locator('[id$=-err]').filter({ hasText: /\S/ });

/** Each select in the widget shows its chosen text in full (not "+49 Germ" or "Wednesday 2 Decem"). */
const cutSelects = (page: Page): Promise<string[]> => page.evaluate(`(() => {
  const root = document.querySelector('[data-holdless=widget]').shadowRoot;
  const ctx = document.createElement('canvas').getContext('2d');
  return [...root.querySelectorAll('select')].filter((s) => s.getClientRects().length).flatMap((s) => {
    const cs = getComputedStyle(s);
    ctx.font = cs.font;
    const text = s.selectedOptions[0] ? s.selectedOptions[0].textContent : '';
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 18; // the arrow
    return ctx.measureText(text).width > room ? [text] : [];
  });
})()`) as Promise<string[]>;

async function openAndPickSlot(page: Page): Promise<void> {
  await page.click('#call-me');
  await expect.poll(() => dialog(page).isVisible()).toBe(true);
}

describe('widget language and wording', () => {
  it('speaks the service language (German) though the page says lang="en", names company and service, and books in German', async () => {
    const page = await newPage(browser, { bypassCSP: true });
    await openDemo(page, server.base);
    expect(await page.locator('#event-empty').textContent()).toContain('No events yet');
    await openAndPickSlot(page);
    await expect.poll(() => dialog(page).locator('h2').textContent()).toBe('Rückruf anfordern');
    expect(await dialog(page).locator('.from').textContent()).toBe('Test Energy · Billing');
    expect(await dialog(page).getByLabel('Sprache').inputValue()).toBe('de');
    await dialog(page).getByLabel('Zu einer Zeit meiner Wahl').check();
    await expect.poll(() => dialog(page).getByLabel('Uhrzeit', { exact: true }).inputValue()).not.toBe('');
    expect(await cutSelects(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await shotsAtWidths(page, 'widget-de-slot');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await cutSelects(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog(page).getByLabel('Vorname').fill('Jonas');
    await dialog(page).getByLabel('Telefonnummer').fill('030 7654321');
    await dialog(page).getByRole('button', { name: 'Bestätigen' }).click();
    const ok = dialog(page).locator('.ok');
    await expect.poll(() => ok.textContent()).toMatch(/^Vielen Dank! Wir rufen Sie am .+ an\.$/);
    const id = (await ok.getAttribute('data-callback-id'))!;
    expect(stored(id).language).toBe('de');
    // The event log of the demo prints local time (the page's zone), like the pages do.
    const first = await page.locator('#event-log li').last().textContent();
    expect(first).toMatch(/^\d\d:\d\d:\d\d {2}opened/);
    await page.context().close();
  });

  it('lets the visitor switch to English, keeps what was typed, and calls back in English', async () => {
    const page = await newPage(browser, { bypassCSP: true });
    await openDemo(page, server.base);
    await page.click('#call-me-signed-in');
    await expect.poll(() => dialog(page).getByLabel('Vorname').inputValue()).toBe('Erika');
    await dialog(page).getByLabel('Telefonnummer').fill('030 1112223');
    await dialog(page).getByLabel('Sprache').selectOption('en');
    await expect.poll(() => dialog(page).locator('h2').textContent()).toBe('Request a callback');
    expect(await dialog(page).getByLabel('Phone number').inputValue()).toBe('030 1112223');
    await expect.poll(() => dialog(page).getByText('No agent is available right now').count()).toBe(1); // nobody logged in
    expect(await axeViolations(page)).toEqual([]);
    await shotsAtWidths(page, 'widget-form');
    await dialog(page).getByRole('button', { name: 'Confirm' }).click();
    const ok = dialog(page).locator('.ok');
    await expect.poll(() => ok.getAttribute('data-callback-id')).toBeTruthy();
    expect(stored((await ok.getAttribute('data-callback-id'))!).language).toBe('en');
    await page.context().close();
  });

  it('tells too short, too long, not a number and a refused kind apart', async () => {
    const page = await newPage(browser);
    await openDemo(page, server.base);
    await page.evaluate("window.Holdless.open({ language: 'en' })");
    await dialog(page).getByLabel('First name').fill('Max');
    const cases: [string, string][] = [
      ['0151 123', 'This number seems too short — digits are missing'],
      ['030 12345678901234', 'This number seems too long — please check it'],
      ['call me', 'That is not a phone number — use digits, e.g. 030 1234567'],
      ['11833', 'We cannot call short or service numbers'],
      ['+49 900 1234567', 'We cannot call premium-rate numbers — please give a mobile or landline number'],
    ];
    for (const [typed, said] of cases) {
      await dialog(page).getByLabel('Phone number').fill(typed);
      await dialog(page).getByRole('button', { name: 'Confirm' }).click();
      await expect.poll(() => phoneError(page).allTextContents(), { message: typed }).toEqual([said]);
    }
    await shot(page, 'widget-phone-error');
    await page.context().close();
  });
});

describe('widget on a site that may not book callbacks', () => {
  it('says callbacks are unavailable here, shows the service phone number, and tells the site owner in the console', async () => {
    const page = await newPage(browser);
    const warnings: string[] = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto(`${foreignBase}/`);
    await page.waitForFunction('window.Holdless !== undefined');
    await page.click('#b');
    await expect.poll(() => dialog(page).locator('[data-unavailable]').textContent()).toBe('Auf dieser Website können keine Rückrufe angefordert werden.');
    expect(await dialog(page).locator('.call a').getAttribute('href')).toBe('tel:+493012345600');
    expect(await dialog(page).innerText()).not.toContain('Server');
    expect(warnings.join('\n')).toContain(`Add "${foreignBase}" to http.corsOrigins`);
    await shotsAtWidths(page, 'widget-unavailable-here');
    await page.context().close();
  });
});

describe('every page', () => {
  it('has a favicon', async () => {
    for (const path of ['/favicon.ico']) {
      const res = await fetch(server.base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/x-icon');
    }
  });
});
