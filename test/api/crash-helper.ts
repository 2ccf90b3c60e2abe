/** Shared by the kill -9 tests: a config file for a real server process, and waiting for it to be ready. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A calendar's weekly hours open around the clock, as YAML lines (indented for `weekly:`). */
export const ALWAYS_OPEN = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => `      ${d}: [{ from: "00:00", to: "24:00" }]`).join('\n');

/**
 * config.yaml for one always-open service `billing`; `serviceExtra` adds YAML lines to the service
 * (indented 4), `extra` appends top-level YAML (e.g. a notify: section).
 */
export function writeCrashConfig(dir: string, port: number, serviceExtra = '', extra = ''): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, `
company: { name: Crash Test }
http: { host: 127.0.0.1, port: ${port}, apiKeys: [{ id: loadgen, key: loadgen-key, ratePerMinute: 1000000 }], adminToken: admin-secret-for-test }
storage: { path: crash.db, synchronous: FULL }
telephony: { driver: none }
logging: { level: warn }
calendars:
  - id: always
    timezone: Europe/Berlin
    weekly:
${ALWAYS_OPEN}
services:
  - id: billing
    name: Billing
    calendar: always
    slotMinutes: 30
    capacity: { default: 10 }
    dialMode: reserved
    callerId: "+493012345678"
    defaultCountry: DE
${serviceExtra}
rules: { maxRequestsPerNumberPer24h: 100 }
${extra}`);
  return path;
}

/** Polls /readyz; generous by default because the machine may be shared and slow. */
export async function waitReady(base: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch { /* not yet listening */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}
