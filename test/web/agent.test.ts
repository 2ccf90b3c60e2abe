import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCallControl } from '../../src/adapters/telephony/simulated/index.js';
import { RealTimeScheduler } from '../../src/sim/scheduler.js';
import { seededRandom } from '../../src/sim/random.js';
import { ADMIN, apiCall, axeViolations, launchBrowser, newPage, shot, shotsAtWidths, startServer, type Server } from './harness.js';

const CUSTOMER = '+493011122233';
let server: Server;
let browser: Browser;

beforeAll(async () => {
  // Scripted telephony in real time: the customer answers, confirms and would talk for a minute (the agent hangs up).
  const telephony = new SimulatedCallControl({
    scheduler: new RealTimeScheduler(),
    random: seededRandom(7),
    customers: { [CUSTOMER]: { behaviour: 'PERSON', ringMs: 150, confirmAfterMs: 100, talkMs: 60_000, patienceMs: 90_000 } },
    defaultAgent: { answers: true, ringMs: 150 },
    promptMs: 50,
    defaults: { ringMs: 150, talkMs: 60_000, patienceMs: 90_000, detectMs: 100 },
  });
  server = await startServer({}, { telephony, queueOptions: { tickMs: 100 } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.app.stop();
});

const count = (page: Page, service: string, key: string) =>
  page.locator(`[data-service=${service}] [data-count="${key}"] b`).textContent();
const badge = (page: Page) => page.locator('[data-agent-state]');
const field = (page: Page, name: string) => page.locator(`[data-interaction] [data-field="${name}"]`).first().textContent();

async function signInSupervisor(page: Page): Promise<void> {
  await page.goto(`${server.base}/supervisor`);
  await page.getByLabel('User').fill('sam');
  await page.getByLabel('Password').fill('sam-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('[data-service=billing]').count()).toBe(1);
}

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([]);
}

describe('agent workspace through a shift', () => {
  it('sign-in hint, context for people, Not Ready after this call, reschedule, hang-up, timer, one saved disposition', async () => {
    const agent = await newPage(browser, { bypassCSP: true });
    const supervisor = await newPage(browser);
    await signInSupervisor(supervisor);

    await agent.goto(`${server.base}/agent`);
    await expectNoAxeViolations(agent, 'sign-in');
    await agent.getByLabel('Agent id').fill('alice');
    await agent.getByLabel('Password').fill('alice-password');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    // Right after signing in: the state in words and what to do next.
    await expect.poll(() => badge(agent).getAttribute('data-agent-state')).toBe('LOGGED_OUT');
    expect(await badge(agent).textContent()).toBe('Logged out');
    expect(await agent.locator('[data-hint]').textContent()).toContain('Press Ready to start taking calls');
    expect(await agent.locator('ol[aria-labelledby=log-title]').isHidden()).toBe(true);
    expect(await agent.getByText('Nothing yet: your state changes').isVisible()).toBe(true);
    await expect.poll(() => agent.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
    await expectNoAxeViolations(agent, 'logged out');
    await shotsAtWidths(agent, 'agent-signed-in');

    // Keyboard only: Tab to Ready and press it.
    for (let i = 0; i < 20 && (await agent.evaluate('document.activeElement.textContent')) !== 'Ready'; i += 1) await agent.keyboard.press('Tab');
    // Keyboard focus is visible (the 3 px outline of :focus-visible).
    expect(await agent.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await agent.keyboard.press('Enter');
    await expect.poll(() => badge(agent).textContent()).toBe('Ready');
    await shot(agent, 'agent-ready');
    await expect.poll(() => supervisor.locator('[data-count="agents.READY"] b').textContent(), { timeout: 8000 }).toBe('1');

    const created = await apiCall<{ id: string }>(server.base, 'POST', '/v1/callbacks', {
      subjectId: 'invoice', phone: CUSTOMER, firstName: 'Jonas', lastName: 'Weber', customerId: 'K-77', language: 'de',
      notes: 'Invoice 2026-05 looks too high',
      context: { pageUrl: 'https://shop.example.com/billing', pageTitle: 'Billing help', contractNumber: 'V-1234' },
    });
    expect(created.status).toBe(201);

    await expect.poll(() => badge(agent).getAttribute('data-agent-state'), { timeout: 10_000 }).toBe('ON_CALL');
    await expect.poll(() => field(agent, 'Customer ID')).toBe('K-77');
    expect(await field(agent, 'Subject')).toBe('Invoice question');
    expect(await field(agent, 'First name')).toBe('Jonas');
    expect(await field(agent, 'Phone')).toBe('030 11122233'); // the customer's national format, dialled as E.164
    expect(await agent.locator('[data-field="Phone"] a').getAttribute('href')).toBe(`tel:${CUSTOMER}`);
    expect(await field(agent, 'Language')).toMatch(/^German \(de\)$/);
    expect(await field(agent, 'Callback')).toBe('Talking to an agent');
    // The page as a link titled with the page's title; the host's own keys in words.
    const page = agent.locator('[data-context] [data-field="Page"] a');
    expect(await page.textContent()).toBe('Billing help');
    expect(await page.getAttribute('href')).toBe('https://shop.example.com/billing');
    expect(await agent.locator('[data-context] [data-field="Contract number"]').textContent()).toBe('V-1234');
    await expect.poll(() => agent.locator('[data-attempts] tbody td:nth-child(2)').first().textContent()).toBe('Customer answered');
    expect(await agent.locator('[data-interaction]').innerText()).not.toMatch(/pageUrl|CONNECTED|PERSON|SIP/);
    // The raw data is one click away.
    await agent.getByText('Raw data').click();
    expect(await agent.locator('[data-raw]').textContent()).toContain('"pageUrl"');
    // The call's running time ticks (on the server's clock, which stands still in this test: the browser's monotonic time runs it).
    await expect.poll(() => agent.locator('[data-call-timer]').textContent(), { timeout: 5000 }).toMatch(/^On call 0:0[1-9]$/);

    // Not Ready after this call: asked during the call, shown as pending.
    await agent.getByLabel('Reason').selectOption('Lunch');
    await agent.getByRole('button', { name: 'Not Ready after this call' }).click();
    await expect.poll(() => agent.locator('[data-pending]').textContent()).toContain('Not Ready after this call: Lunch');
    expect(await badge(agent).textContent()).toBe('On call');

    // Book the customer another time with the slot picker (a follow-up callback).
    await agent.getByText('Book the customer another time').click();
    const time = agent.locator('[data-reschedule]').getByLabel('Time', { exact: true });
    await expect.poll(() => time.locator('option').count()).toBeGreaterThan(0);
    expect(await time.locator('option:checked').textContent()).toMatch(/^\d\d:\d\d · \d of \d free$/);
    await agent.getByRole('button', { name: 'Book this time' }).click();
    await expect.poll(() => agent.locator('[data-notice]').textContent()).toMatch(/^✓ Callback booked for /);
    const list = await apiCall<{ items: { id: string; state: string; channel: string }[] }>(server.base, 'GET', '/v1/callbacks?state=SCHEDULED', undefined, ADMIN);
    expect(list.body.items).toEqual([expect.objectContaining({ state: 'SCHEDULED', channel: 'agent' })]);
    await expectNoAxeViolations(agent, 'on call');
    await shotsAtWidths(agent, 'agent-on-call');

    // Hang up from the workspace: the call ends through the telephony port and the wrap-up starts.
    await agent.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => badge(agent).getAttribute('data-agent-state'), { timeout: 10_000 }).toBe('WRAP_UP');
    await expect.poll(async () => (await apiCall<{ state: string }>(server.base, 'GET', `/v1/callbacks/${created.body.id}`, undefined, ADMIN)).body.state).toBe('COMPLETED');
    await expect.poll(() => agent.locator('[data-wrap-up]').textContent()).toMatch(/^Wrap-up: 0:\d\d left$/);
    expect(await agent.getByRole('button', { name: 'Not Ready after wrap-up' }).isVisible()).toBe(true);

    await agent.getByLabel('Disposition code').selectOption('Resolved');
    await agent.getByLabel('Notes', { exact: true }).fill('Explained the meter reading');
    await shotsAtWidths(agent, 'agent-wrap-up');
    await shot(supervisor, 'supervisor-live');
    // A double click saves once.
    await agent.getByRole('button', { name: 'Save disposition' }).dblclick();
    await expect.poll(() => agent.locator('[data-notice]').textContent()).toBe('✓ Disposition saved: Resolved — Explained the meter reading');
    await expect.poll(() => badge(agent).textContent()).toBe('Not ready · Lunch'); // the pending Not Ready applied
    expect(await agent.locator('ol[aria-labelledby=log-title]').textContent()).toContain('Disposition saved: Resolved — Explained the meter reading');
    const events = (await server.app.parts.store.read(async (tx) => await tx.events.forCallback(created.body.id))).filter((e) => e.type === 'DISPOSITION');
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ code: 'Resolved', notes: 'Explained the meter reading' })]);
    expect(await agent.getByText('Wrap-up', { exact: true }).count()).toBe(0);
    await expectNoAxeViolations(agent, 'after the call');
    await expect.poll(() => count(supervisor, 'billing', 'completedToday'), { timeout: 8000 }).toBe('1');
    await agent.context().close();
    await supervisor.context().close();
  });
});
