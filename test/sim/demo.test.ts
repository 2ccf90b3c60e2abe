import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { demoConfig } from '../../src/cli/demo/demo-config.js';
import { parseDuration } from '../../src/cli/demo.js';
import { isOpenAt } from '../../src/domain/calendar.js';

const config = loadConfig('config.yaml', {});
const SUNDAY_NOON = Date.parse('2026-03-08T11:00:00Z');
const TUESDAY_10 = Date.parse('2026-03-03T09:00:00Z');

describe('demo', () => {
  it('uses an always-open copy of the calendar (and calling window) when the office is closed, and says so', () => {
    const { config: c, notes } = demoConfig(config, { dir: '/tmp/x', now: SUNDAY_NOON, port: 0 });
    expect(c.calendars.every((cal) => isOpenAt(cal, SUNDAY_NOON) && isOpenAt(cal, Date.parse('2026-12-25T03:00:00Z')))).toBe(true);
    expect(c.rules.callingWindow).toEqual({ from: '00:00', to: '24:00' });
    expect(notes.join(' ')).toMatch(/closed now.*always-open/);
    expect(c.storage.path).toBe('/tmp/x/demo.db');
    expect(c.http.port).toBe(0);
  });

  it('keeps the real calendar during business hours', () => {
    const { config: c, notes } = demoConfig(config, { dir: '/tmp/x', now: TUESDAY_10 });
    expect(c.calendars).toBe(config.calendars);
    expect(notes.join(' ')).not.toMatch(/always-open/);
  });

  it('parses durations', () => {
    expect(parseDuration('5s')).toBe(5_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(() => parseDuration('soon')).toThrow();
  });

  it('one-shot mode runs against a temp database and exits 0 with callbacks requested and dialled', async () => {
    // execFile rejects on a non-zero exit code. The kill timeout only stops a hang: start-up on a
    // loaded machine can take far longer than the 5 s of demo (it failed at 30 s under load 20).
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts', '--duration', '5s', '--port', '0', '--every', '1s'], { encoding: 'utf8', timeout: 150_000 });
    expect(r.stdout).toMatch(/requested\s+callback/);
    expect(r.stdout).toMatch(/dialled\s+callback/);
    expect(r.stdout).toMatch(/demo stopped after/);
    expect(r.stdout).not.toMatch(/^!!/m);
  }, 180_000);
});
