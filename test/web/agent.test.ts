import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCallControl } from '../../src/adapters/telephony/simulated/index.js';
import { RealTimeScheduler } from '../../src/sim/scheduler.js';
import { seededRandom } from '../../src/sim/random.js';
import { apiCall, launchBrowser, newPage, shot, startServer, type Server } from './harness.js';

const CUSTOMER = '+493011122233';
let server: Server;
let browser: Browser;

beforeAll(async () => {
  // Scripted telephony in real time: the customer answers, confirms and talks for a few seconds.
  const telephony = new SimulatedCallControl({
    scheduler: new RealTimeScheduler(),
    random: seededRandom(7),
    customers: { [CUSTOMER]: { behaviour: 'PERSON', ringMs: 150, confirmAfterMs: 100, talkMs: 4000, patienceMs: 30_000 } },
    defaultAgent: { answers: true, ringMs: 150 },
    promptMs: 50,
    defaults: { ringMs: 150, talkMs: 4000, patienceMs: 30_000, detectMs: 100 },
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

async function signInSupervisor(page: Page): Promise<void> {
  await page.goto(`${server.base}/supervisor`);
  await page.getByLabel('User').fill('sam');
  await page.getByLabel('Password').fill('sam-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('[data-service=billing]').count()).toBe(1);
}

describe('agent workspace and supervisor view', () => {
  it('an agent goes Ready, gets the callback with its context, sets a disposition; the supervisor counts follow', async () => {
    const agent = await newPage(browser);
    const supervisor = await newPage(browser);
    await signInSupervisor(supervisor);
    await expect.poll(() => supervisor.locator('[data-count="agents.READY"] b').count()).toBe(0);

    await agent.goto(`${server.base}/agent`);
    await agent.getByLabel('Agent id').fill('alice');
    await agent.getByLabel('Password').fill('alice-password');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => agent.locator('[data-agent-state]').textContent()).toBe('LOGGED OUT');
    await expect.poll(() => agent.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
    await agent.getByRole('button', { name: 'Ready', exact: true }).click();
    await expect.poll(() => agent.locator('[data-agent-state]').textContent()).toBe('READY');
    await shot(agent, 'agent-ready');
    await expect.poll(() => supervisor.locator('[data-count="agents.READY"] b').textContent(), { timeout: 8000 }).toBe('1');
    expect(await count(supervisor, 'billing', 'completedToday')).toBe('0');

    const created = await apiCall<{ id: string }>(server.base, 'POST', '/v1/callbacks', {
      subjectId: 'invoice', phone: CUSTOMER, firstName: 'Jonas', lastName: 'Weber', customerId: 'K-77', language: 'de',
      notes: 'Invoice 2026-05 looks too high', context: { pageUrl: 'https://shop.example.com/billing', plan: 'Green 24' },
    });
    expect(created.status).toBe(201);

    // The SSE stream brings the callback to the workspace; the context comes with it.
    const card = agent.locator('[data-interaction]');
    // (The phase is 'dialing', 'connected' or already 'wrap-up': the context shows in each.)
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => agent.locator('[data-field="Customer ID"]').textContent()).toBe('K-77');
    expect(await agent.locator('[data-field="Subject"]').textContent()).toBe('Invoice question');
    expect(await agent.locator('[data-field="Customer ID"]').textContent()).toBe('K-77');
    expect(await agent.locator('[data-field="First name"]').textContent()).toBe('Jonas');
    expect(await agent.locator('[data-field="Last name"]').textContent()).toBe('Weber');
    expect(await agent.locator('[data-field="Phone"]').textContent()).toBe(CUSTOMER);
    expect(await agent.locator('[data-field="Language"]').textContent()).toBe('de');
    expect(await agent.locator('[data-field="Notes"]').textContent()).toBe('Invoice 2026-05 looks too high');
    expect(await agent.locator('[data-context] [data-field="plan"]').textContent()).toBe('Green 24');
    await expect.poll(() => agent.locator('[data-attempts] tbody tr').count()).toBe(1);

    // The customer hangs up after talking: wrap-up with its timer, then the disposition.
    await expect.poll(() => agent.locator('[data-agent-state]').textContent(), { timeout: 10_000 }).toBe('WRAP UP');
    await expect.poll(() => agent.locator('[data-wrap-up]').textContent()).toMatch(/^Wrap-up: \d:\d\d left$/);
    await agent.getByLabel('Disposition code').selectOption('Resolved');
    await agent.getByLabel('Notes', { exact: true }).fill('Explained the meter reading');
    await shot(agent, 'agent-wrap-up');
    await shot(supervisor, 'supervisor-live');
    await agent.getByRole('button', { name: 'Save disposition' }).click();
    await expect.poll(() => agent.locator('[data-agent-state]').textContent()).toBe('READY');
    const events = server.app.parts.store.read((tx) => tx.events.forCallback(created.body.id));
    expect(events.filter((e) => e.type === 'DISPOSITION').map((e) => e.data)).toEqual([expect.objectContaining({ code: 'Resolved', notes: 'Explained the meter reading' })]);
    await expect.poll(() => count(supervisor, 'billing', 'completedToday'), { timeout: 8000 }).toBe('1');
    expect(await count(supervisor, 'billing', 'connected')).toBe('0');
    expect(await supervisor.locator('[data-count="agents.READY"] b').textContent()).toBe('1');
    await agent.context().close();
    await supervisor.context().close();
  });
});
