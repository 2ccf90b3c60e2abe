/** The widget solves the ALTCHA proof of work invisibly when the service requires CAPTCHA (Chromium, real server). */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueInsight } from '../../src/app/ports/queue-insight.js';
import { apiCall, launchBrowser, newPage, openDemo, startServer, widgetDialog, type Server } from './harness.js';

const queue: QueueInsight = { ewtForNew: () => 240, ewtFor: () => 240, callbackChanged: () => undefined };
let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ captcha: { hmacKey: 'browser-test-hmac-key', expireSeconds: 300, maxNumber: 5000, requiredFor: ['billing'] } }, { queue });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.app.stop();
});

describe('widget with a service that requires CAPTCHA', () => {
  it('is refused without a solution over the API, and the widget gets through by solving the challenge in the page', async () => {
    const bare = await apiCall(server.base, 'POST', '/v1/callbacks', { serviceId: 'billing', phone: '+4930901899' });
    expect([bare.status, (bare.body as { code: string }).code]).toEqual([400, 'CAPTCHA_REQUIRED']);

    const page = await newPage(browser);
    const sent: (string | undefined)[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/v1/callbacks') && r.method() === 'POST') sent.push(r.headers()['x-captcha']); });
    await openDemo(page, server.base);
    await page.click('#call-me');
    await page.getByLabel('First name').fill('Cap');
    await page.getByLabel('Last name').fill('Tcha');
    await page.getByLabel('Phone number').fill('030 7654322');
    await widgetDialog(page).getByRole('button', { name: 'Confirm' }).click();
    const ok = widgetDialog(page).locator('.ok');
    await expect.poll(() => ok.count(), { timeout: 20_000 }).toBe(1);
    const id = (await ok.getAttribute('data-callback-id'))!;
    expect(await server.app.parts.store.read(async (tx) => await tx.callbacks.get(id))).toMatchObject({ phone: '+49307654322', state: 'QUEUED' });
    // First try without a solution (refused), then with the one the page computed.
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBeUndefined();
    const solution = JSON.parse(Buffer.from(sent[1]!, 'base64').toString()) as { number: number; salt: string };
    expect(solution.salt).toMatch(/expires=/);
    const spent = server.app.parts.sqlite!.db.sqlite.prepare('SELECT COUNT(*) AS n FROM captcha_spent').get() as { n: number };
    expect(spent.n).toBe(1);
  });
});
