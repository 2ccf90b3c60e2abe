/**
 * Reload with a call in progress (issue 11 part 5, done-criterion): the shipped config, flows and
 * prompts over the simulated driver and one virtual clock (as test/simulated/sim-app.ts), but from
 * a config file in a temp dir with its own copy of flows/, so the test can rewrite them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { SimulatedCallControl } from '../../src/adapters/telephony/simulated/driver.js';
import type { SimulatedInboundCall } from '../../src/adapters/telephony/simulated/leg.js';
import { buildApp, type App } from '../../src/build-app.js';
import { seededRandom } from '../../src/sim/random.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';

// Monday 2 March 2026, 20:30 in Berlin: closed, so a billing caller hears "closed" then the offer.
const MONDAY_EVENING = Date.parse('2026-03-02T19:30:00Z');
const SHIPPED_FLOW = readFileSync('flows/main.yaml', 'utf8');

let dir: string | undefined;
let running: { app: App; driver: SimulatedCallControl; scheduler: VirtualScheduler } | undefined;
afterEach(async () => {
  await running?.app.parts.queue?.stop();
  await running?.app.parts.store.close();
  running = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** config.yaml + flows/ in a temp dir (prompts stay the shipped ones), simulated driver, quiet. */
function writeFiles(): { configPath: string; flowPath: string } {
  dir = mkdtempSync(join(tmpdir(), 'holdless-reload-call-'));
  cpSync('flows', join(dir, 'flows'), { recursive: true });
  const yaml = readFileSync('config.yaml', 'utf8')
    .replace('path: data/holdless.db', `path: ${join(dir, 'h.db')}`)
    .replace('promptsDir: prompts', `promptsDir: ${resolve('prompts')}`)
    .replace(/driver: \$\{HOLDLESS_TELEPHONY_DRIVER:-simulated\}/, 'driver: simulated')
    .replace(/logging:\n  level: info/, 'logging:\n  level: silent');
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, yaml);
  return { configPath, flowPath: join(dir, 'flows', 'main.yaml') };
}

async function start(configPath: string) {
  const scheduler = new VirtualScheduler(MONDAY_EVENING);
  const driver = new SimulatedCallControl({ scheduler, random: seededRandom(1), promptMs: 1_000 });
  const app = await buildApp(loadConfig(configPath), { clock: scheduler, telephony: driver, queueOptions: { autoPoll: false } });
  await app.parts.queue!.start();
  await driver.start();
  running = { app, driver, scheduler };
  return running;
}

/** Moves the virtual clock in 1 s steps, ticking the queue engine, until `until` holds. */
async function runUntil(s: { app: App; scheduler: VirtualScheduler }, until: () => boolean, maxMs = 300_000) {
  for (let t = 0; t < maxMs && !until(); t += 1_000) {
    await s.app.parts.queue!.system.tick();
    await s.scheduler.advance(1_000);
  }
  if (!until()) throw new Error('condition not reached in virtual time');
}

/** A caller who presses 1 at every menu (English, billing, closed offer, number, as soon as possible). */
function caller(s: { driver: SimulatedCallControl }, id: string, from: string) {
  const menus: string[][] = [];
  let call: SimulatedInboundCall | undefined;
  void s.driver.simulateInbound(id, {
    from, to: '+4930100', digitDelayMs: 3_000,
    respond: (prompts) => { menus.push(prompts); return '1'; },
  }).then((c) => (call = c));
  return { menus, done: () => call, inMenu: (p: string) => menus.some((m) => m.includes(p)) };
}

// The observable change: after the hours check, a closed line plays "holiday" instead of "closed".
const NEW_FLOW = SHIPPED_FLOW.replace(/closed:\n    play: \[closed\]/, 'closed:\n    play: [holiday]');

// Two ways to make new calls hear "holiday" instead of "closed" tonight: edit the flow (flows/), or
// edit the catalog in config.yaml (today becomes a holiday of the office calendar).
const CHANGES: [string, (files: { configPath: string; flowPath: string }) => void][] = [
  ['the flow file', ({ flowPath }) => writeFileSync(flowPath, NEW_FLOW)],
  ['the calendar in config.yaml', ({ configPath }) => writeFileSync(configPath, readFileSync(configPath, 'utf8')
    .replace('    holidays:\n', '    holidays:\n      - { date: "2026-03-02", name: Reload Day }\n'))],
];

describe('reload with a call in progress (simulated driver)', () => {
  it.each(CHANGES)('a change to %s: the call in progress finishes on its old version, is not dropped; a new call gets the new one', async (_what, change) => {
    expect(NEW_FLOW).not.toBe(SHIPPED_FLOW);
    const files = writeFiles();
    const { configPath } = files;
    const s = await start(configPath);

    const first = caller(s, 'in-old', '+4930123456');
    await runUntil(s, () => first.inMenu('service_menu')); // waiting in the service menu
    expect(first.done()).toBeUndefined();
    expect(first.menus.flat()).not.toContain('closed_offer'); // the hours check is still ahead

    const both = () => readFileSync(configPath, 'utf8') + readFileSync(files.flowPath, 'utf8');
    const before = both();
    change(files);
    expect(both()).not.toBe(before); // the edit really applied to the file
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('name: Billing', 'name: Billing and invoices'));
    expect(s.app.reload(configPath)).toEqual({ ok: true, needsRestart: [] });
    expect(s.app.parts.catalog.service('billing').name).toBe('Billing and invoices');

    const second = caller(s, 'in-new', '+4930123457');
    await runUntil(s, () => first.done() !== undefined && second.done() !== undefined);
    const old = first.done()!;
    const fresh = second.done()!;

    // Old version to the end: "closed", never "holiday"; and it went all the way to a booking.
    expect(old.played).toContain('closed');
    expect(old.played).not.toContain('holiday');
    expect(old.played).toEqual(expect.arrayContaining(['closed_offer', 'callback_registered']));
    expect(old.played).not.toContain('callback_failed');
    expect(old.endCause).toBe('local'); // the flow said goodbye and hung up, not dropped mid-way
    // New version for the call started after the reload.
    expect(fresh.played).toContain('holiday');
    expect(fresh.played).not.toContain('closed');
    expect(fresh.played).toEqual(expect.arrayContaining(['closed_offer', 'callback_registered']));

    const booked = await s.app.parts.store.read(async (tx) => await tx.callbacks.list({ states: ['SCHEDULED', 'QUEUED'], limit: 10 }));
    expect(booked.map((c) => c.phone).sort()).toEqual(['+4930123456', '+4930123457']);
    expect(booked.every((c) => c.serviceId === 'billing' && c.channel === 'ivr')).toBe(true);
  });

  it('a broken flow file is refused: the running call and new calls keep the old behaviour', async () => {
    const { configPath, flowPath } = writeFiles();
    const s = await start(configPath);

    const first = caller(s, 'in-old', '+4930123456');
    await runUntil(s, () => first.inMenu('service_menu'));

    // The wanted change plus a mistake (a branch to a node that does not exist).
    writeFileSync(flowPath, NEW_FLOW.replace('next: closed_offer', 'next: no_such_node'));
    const result = s.app.reload(configPath);
    expect(result).toMatchObject({ ok: false, code: 'FLOW_INVALID' });

    const second = caller(s, 'in-new', '+4930123457');
    await runUntil(s, () => first.done() !== undefined && second.done() !== undefined);
    for (const call of [first.done()!, second.done()!]) {
      expect(call.played).toContain('closed');
      expect(call.played).not.toContain('holiday');
      expect(call.played).toEqual(expect.arrayContaining(['closed_offer', 'callback_registered']));
    }

    // And a broken config.yaml is refused the same way, the old flow still running new calls.
    writeFileSync(flowPath, NEW_FLOW);
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('slotMinutes: 30', 'slotMinutes: 7'));
    const bad = s.app.reload(configPath);
    expect(bad).toMatchObject({ ok: false, code: 'CONFIG_INVALID' });
    const third = caller(s, 'in-third', '+4930123458');
    await runUntil(s, () => third.done() !== undefined);
    expect(third.done()!.played).toContain('closed');
    expect(third.done()!.played).not.toContain('holiday');
    expect(s.app.parts.catalog.service('billing').name).toBe('Billing');
  });
});
