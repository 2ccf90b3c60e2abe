import { buildApp, type App, type Overrides } from '../../src/build-app.js';
import type { AppConfig } from '../../src/adapters/config/types.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testConfig } from '../../src/testing/test-config.js';

/** Monday 2026-11-23 10:00 in Berlin: inside the test calendar's hours. */
export const MONDAY_10_BERLIN = Date.parse('2026-11-23T09:00:00Z');

export interface Harness { app: App; clock: FakeClock; config: AppConfig; inject: App['parts']['http']['inject'] }

export async function harness(over: Partial<AppConfig> = {}, overrides: Overrides = {}): Promise<Harness> {
  const config = testConfig(over);
  const clock = new FakeClock(MONDAY_10_BERLIN);
  const app = await buildApp(config, { clock, ...overrides });
  await app.parts.http.ready();
  return { app, clock, config, inject: app.parts.http.inject.bind(app.parts.http) };
}

export const post = (h: Harness, body: unknown, headers: Record<string, string> = {}) =>
  h.inject({ method: 'POST', url: '/v1/callbacks', payload: body as object, headers });
