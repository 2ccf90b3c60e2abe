/** Page sign-in in Chromium: HttpOnly session cookie, resume after reload, sign-out, agent-only workspace. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, startServer, type Server } from './harness.js';

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

async function signIn(page: Page, path: string, userLabel: string, user: string): Promise<void> {
  await page.goto(`${server.base}${path}`);
  await page.getByLabel(userLabel).fill(user);
  await page.getByLabel('Password').fill(`${user}-password`);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('page sign-in', () => {
  it('keeps the session in an HttpOnly cookie, resumes it after a reload, and signs out for good', async () => {
    const page = await newPage(browser);
    await signIn(page, '/supervisor', 'User', 'sam');
    await expect.poll(() => page.locator('[data-service=billing]').count()).toBe(1);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'holdless_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).not.toContain('holdless_session');
    await page.reload();
    await expect.poll(() => page.locator('[data-service=billing]').count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    await page.context().close();
  });

  it('the agent workspace takes agents only; an agent works with its own session', async () => {
    const page = await newPage(browser);
    await signIn(page, '/agent', 'Agent id', 'sam');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('This sign-in is not an agent; use the supervisor or admin page.');
    await page.getByLabel('Agent id').fill('alice');
    await page.getByLabel('Password').fill('alice-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('[data-agent-state]').textContent()).toBe('Logged out');
    // A state change goes through with the CSRF header the page adds.
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await expect.poll(() => page.locator('[data-agent-state]').textContent()).toBe('Ready');
    await page.context().close();
  });
});
