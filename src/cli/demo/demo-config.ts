/**
 * The demo's copy of the configuration: a throw-away database, and — when a service's calendar
 * is closed right now — always-open calendars and calling window, so callbacks flow at any hour.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sha256Hex } from '../../app/access/directory.js';
import type { AppConfig } from '../../adapters/config/types.js';
import { isOpenAt } from '../../domain/calendar.js';
import type { CalendarDef, Instant, Weekday } from '../../domain/model.js';

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ALL_DAY = [{ from: '00:00', to: '24:00' }];

export const alwaysOpen = (c: CalendarDef): CalendarDef => ({
  ...c, weekly: Object.fromEntries(DAYS.map((d) => [d, ALL_DAY])), holidays: [], specialDays: [],
});

/** The key the demo's caller bot sends; only its hash is in the demo config, like any other key. */
export const DEMO_API_KEY = randomBytes(18).toString('base64url');

export interface DemoConfig { config: AppConfig; notes: string[] }

export function demoConfig(base: AppConfig, opts: { dir: string; now: Instant; port?: number }): DemoConfig {
  const notes: string[] = [`database: ${join(opts.dir, 'demo.db')} (a temporary copy, removed on exit)`];
  const closed = base.services.filter((s) => !isOpenAt(base.calendars.find((c) => c.id === s.calendarId)!, opts.now));
  let { calendars, rules } = base;
  if (closed.length > 0) {
    calendars = base.calendars.map(alwaysOpen);
    rules = { ...base.rules, callingWindow: { from: '00:00', to: '24:00' } };
    notes.push(`the office calendar is closed now (${closed.map((s) => s.id).join(', ')}): this demo uses an always-open copy of the calendars and calling window`);
  }
  return {
    notes,
    config: {
      ...base, calendars, rules,
      storage: { ...base.storage, path: join(opts.dir, 'demo.db') },
      http: {
        ...base.http, port: opts.port ?? base.http.port,
        apiKeys: [...base.http.apiKeys, { id: 'demo-callers', keyHash: sha256Hex(DEMO_API_KEY), services: 'all', operations: ['create'], ratePerMinute: 6000 }],
      },
      // A demo run stops at once: no drain of its simulated calls (telephony.drainSeconds is for production).
      telephony: { ...base.telephony, driver: 'simulated', drainSeconds: 0 },
      logging: { level: 'warn' },
    },
  };
}
