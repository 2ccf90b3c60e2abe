/** The admin page in Chromium: an administrator creates and revokes an API key and a user and sees the audit log. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { demoPassword, shippedConfigCopy } from '../admin/config-file.js';
import { axeViolations, launchBrowser, newPage, shotsAtWidths, startServer, type Server } from './harness.js';

let server: Server;
let browser: Browser;
let file: string;

beforeAll(async () => {
  const copy = shippedConfigCopy();
  file = copy.file;
  server = await startServer(copy.over, { configFile: { path: file, env: copy.env } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.app.stop();
});

async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(`${server.base}/admin`);
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Password').fill(demoPassword(user));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const secret = (page: Page) => page.locator('[data-secret] code').textContent();
const auditRows = (page: Page) => page.getByRole('region', { name: 'Audit log table' }).locator('tbody tr').allInnerTexts();

describe('admin page', () => {
  it('creates and revokes an API key and a user, shows each secret once and the audit entries', async () => {
    const page = await newPage(browser, { bypassCSP: true });
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${server.base}/admin`);
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, 'admin');
    await expect.poll(() => page.getByRole('heading', { name: 'Admin', level: 1 }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Services', exact: true }).innerText()).toContain('billing');

    await page.getByLabel('New key id').fill('web-shop');
    await page.getByLabel('Services (comma separated)').fill('billing');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => secret(page)).toMatch(/^hlk_/);
    const key = (await secret(page))!;
    expect(readFileSync(file, 'utf8')).toContain('id: web-shop');
    expect(readFileSync(file, 'utf8')).not.toContain(key);
    await expect.poll(() => page.getByRole('region', { name: 'API keys table' }).innerText()).toContain('web-shop');

    await page.getByLabel('New user id').fill('nora');
    await page.getByLabel('Role').selectOption('monitor');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => page.locator('[data-secret] p').first().textContent()).toContain('Initial password of nora');
    expect((await secret(page))!.length).toBeGreaterThanOrEqual(16);
    await expect.poll(() => page.getByRole('region', { name: 'Users', exact: true }).innerText()).toContain('nora');
    expect(await page.locator('[data-pending=added]').count()).toBe(2); // written, applied at the next restart
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Revoke API key web-shop' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'API keys table' }).innerText()).not.toContain('web-shop');
    await page.getByRole('button', { name: 'Revoke user nora' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Users table' }).innerText()).not.toContain('nora');
    expect(readFileSync(file, 'utf8')).not.toMatch(/web-shop|nora/);

    await expect.poll(async () => (await auditRows(page)).slice(0, 4).map((r) => r.split('\t').slice(1).join(' '))).toEqual([
      'admin user.revoke nora', 'admin api-key.revoke web-shop', 'admin user.create nora', 'admin api-key.create web-shop',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await shotsAtWidths(page, 'admin');
    await page.context().close();
  }, 60_000);

  it('shows a monitor the page read-only, and tells a supervisor it may not see it', async () => {
    const page = await newPage(browser);
    await signIn(page, 'mo');
    await expect.poll(() => page.getByRole('region', { name: 'Users', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /Revoke|Add user|Create key/ }).count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Read-only');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'sam');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('may not see the admin page');
    await page.context().close();
  }, 60_000);
});
