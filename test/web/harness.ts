/**
 * Browser-test harness: builds web/, starts the real server (buildApp + testConfig, port 0, a fixed
 * FakeClock, no telephony) and drives Debian's chromium through playwright-core. When chromium
 * cannot start the tests fail with the reason — they never skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp, type App, type Overrides } from '../../src/build-app.js';
import type { AppConfig } from '../../src/adapters/config/types.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testConfig } from '../../src/testing/test-config.js';

/** Wednesday 10 June 2026, 10:05 in Berlin: inside the test calendar's hours (Mon–Fri 08:00–18:00). */
export const NOW = '2026-06-10T10:05:00+02:00';
export const ADMIN = 'admin-secret';
const ROOT = join(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
const DOCS_SHOTS = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let built = false;
/** Builds web/dist once per test file (esbuild, well under a second). */
export function buildWeb(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

export interface Server { app: App; base: string; clock: FakeClock; config: AppConfig }

export async function startServer(config: Partial<AppConfig> = {}, overrides: Overrides = {}): Promise<Server> {
  buildWeb();
  const clock = new FakeClock(Date.parse(NOW));
  const cfg = testConfig(config);
  const app = await buildApp(cfg, { clock, ...overrides });
  const address = await app.start();
  return { app, base: address.replace('[::1]', '127.0.0.1'), clock, config: cfg };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
  try {
    // playwright gives each launch a fresh temporary --user-data-dir and removes it on close.
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      timeout: 30_000,
    });
  } catch (e) {
    throw new Error(`Chromium at ${CHROMIUM} did not start, so the browser tests cannot run: ${(e as Error).message}`);
  }
}

export interface PageOptions {
  width?: number; height?: number; timezoneId?: string; locale?: string;
  /** Lets axe-core be injected into the pages, which forbid inline scripts (CSP). */
  bypassCSP?: boolean;
}

export async function newPage(browser: Browser, o: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1100, height: o.height ?? 800 },
    timezoneId: o.timezoneId ?? 'Europe/Berlin',
    locale: o.locale ?? 'en-GB',
    bypassCSP: o.bypassCSP ?? false,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  return page;
}

/** Keeps a screenshot under test-artifacts/web; with UPDATE_SCREENSHOTS=1 also the committed copy in docs/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SHOTS, { recursive: true });
    await page.screenshot({ path: join(DOCS_SHOTS, `${name}.png`), fullPage: true });
  }
}

export async function apiCall<T = unknown>(base: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

// page.evaluate with source strings: the root tsconfig has no DOM lib, and the code runs in the page anyway.
export const widgetReady = (page: Page): Promise<unknown> => page.waitForFunction('window.Holdless !== undefined');

/** The widget's dialog inside its Shadow DOM host. */
export const widgetDialog = (page: Page) => page.locator('[data-holdless=widget] dialog');

/** Opens the /demo page of the server and waits until the widget is loaded. */
export async function openDemo(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/demo`);
  await widgetReady(page);
}

export interface HostEvent { type: string; stage?: string; callbackId: string | null; counters: Record<string, number>; error?: { code: string } }
/** The widget's events as the demo page collected them from its 'holdless:event' listener. */
export const hostEvents = (page: Page): Promise<HostEvent[]> => page.evaluate('window.holdlessEvents') as Promise<HostEvent[]>;

/** What has the keyboard focus: inside the widget, the control's name (or text); outside, the element id. */
export const focused = (page: Page): Promise<string> => page.evaluate(`(() => {
  const host = document.querySelector('[data-holdless=widget]');
  if (host && document.activeElement === host) {
    const a = host.shadowRoot.activeElement;
    return 'widget:' + ((a && (a.getAttribute('name') || a.textContent)) || '');
  }
  return (document.activeElement && document.activeElement.id) || '';
})()`) as Promise<string>;

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export interface AxeViolation { id: string; impact: string | null; help: string; targets: string[] }

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) in the page, shadow DOM included, and returns the
 * violations in a form that reads well in a failed assertion. The page needs bypassCSP.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ path: AXE });
  return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) })))`) as Promise<AxeViolation[]>;
}

/** Screenshots of the page at 1280 px and at 360 px wide (name-1280, name-360), back to the old size after. */
export async function shotsAtWidths(page: Page, name: string): Promise<void> {
  const old = page.viewportSize() ?? { width: 1100, height: 800 };
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    await shot(page, `${name}-${width}`);
  }
  await page.setViewportSize(old);
}
