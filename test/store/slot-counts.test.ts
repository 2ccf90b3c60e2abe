/**
 * The kept slot counters (src/app/callbacks/slot-counts.ts) against both adapters: what they
 * answer equals the committed counters after local writes, failed writes, writes of another node
 * (seen after its cluster signal, or after maxAgeMs), and a write that commits during a load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/app/ports/store.js';
import type { AppContext } from '../../src/app/context.js';
import { keepSlotCounts } from '../../src/app/callbacks/slot-counts.js';
import { follow } from '../../src/cluster-wiring.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { HoldlessError } from '../../src/domain/errors.js';
import type { Callback } from '../../src/domain/model.js';
import { postgresHarness, sqliteHarness, type Harness } from './harness.js';

const T0 = Date.parse('2030-01-07T08:00:00Z');
const SLOT = 30 * 60_000;
const harnesses: Harness[] = [sqliteHarness(), await postgresHarness()];

const asObject = (m: ReadonlyMap<number, number>, from: number, to: number): Record<number, number> =>
  Object.fromEntries([...m].filter(([t, n]) => t >= from && t < to && n !== 0));

const scheduled = (id: string, serviceId: string, slotStart: number): Callback => ({
  id, serviceId, phone: '+4930123456', state: 'SCHEDULED', channel: 'api', queuedSince: slotStart, priority: 5, slotStart,
  dueAt: slotStart, expiresAt: slotStart + 86_400_000, attempts: 0, createdAt: T0 - 60_000, updatedAt: T0 - 60_000, version: 1,
});

describe.each(harnesses)('kept slot counters: $name', (h) => {
  if (h.skip) {
    it.skip(`skipped: ${h.skip}`, () => {});
    return;
  }
  let raw: Store;
  let other: Store;
  let n = 0;
  beforeAll(async () => {
    raw = await h.open('slots');
    other = await h.open('slots'); // a second node over the same database
  });
  afterAll(() => h.cleanup());
  const service = (): string => `svc-${++n}`;
  const committed = async (s: string): Promise<Record<number, number>> =>
    asObject(await raw.read(async (tx) => await tx.slots.bookedBetween(s, T0, T0 + 100 * SLOT)), T0, T0 + 100 * SLOT);

  it('follows this node\'s committed writes and ignores a rolled-back one', async () => {
    const clock = new FakeClock(T0);
    const { store, counts } = keepSlotCounts(raw, clock, { maxAgeMs: 86_400_000 });
    const s = service();
    await store.write(async (tx) => { await tx.slots.adjust(s, T0 + SLOT, 2); });
    expect(asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({ [T0 + SLOT]: 2 });
    await store.write(async (tx) => { await tx.slots.adjust(s, T0 + SLOT, -1); await tx.slots.adjust(s, T0 + 2 * SLOT, 1); });
    await expect(store.write(async (tx) => {
      await tx.slots.adjust(s, T0 + 3 * SLOT, 5);
      throw new HoldlessError('SLOT_FULL', 'refused after the adjust');
    })).rejects.toThrow('refused');
    const seen = asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT);
    expect(seen).toEqual({ [T0 + SLOT]: 1, [T0 + 2 * SLOT]: 1 });
    expect(seen).toEqual(await committed(s));
  });

  it('serves a kept map without reading the database again', async () => {
    const clock = new FakeClock(T0);
    let reads = 0;
    const counting: Store = { ...raw, driver: raw.driver, read: (work) => { reads++; return raw.read(work); }, write: (w) => raw.write(w) };
    const { store, counts } = keepSlotCounts(counting, clock, { maxAgeMs: 86_400_000 });
    const s = service();
    await counts.bookedBetween(s, T0, T0 + 10 * SLOT);
    await store.write(async (tx) => { await tx.slots.adjust(s, T0, 1); });
    for (let i = 0; i < 5; i++) await counts.bookedBetween(s, T0, T0 + 10 * SLOT);
    expect(reads).toBe(1);
    expect(asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({ [T0]: 1 });
  });

  it('sees a booking of another node after its cluster signal', async () => {
    const clock = new FakeClock(T0);
    const { store, counts } = keepSlotCounts(raw, clock, { maxAgeMs: 86_400_000 });
    const s = service();
    expect(asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({});
    const cb = scheduled(`cb-${s}`, s, T0 + 4 * SLOT);
    await other.write(async (tx) => { await tx.callbacks.insert(cb); await tx.slots.adjust(s, T0 + 4 * SLOT, 1); });
    // Kept until told: the other node's write did not go through this node's store.
    expect(asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({});
    const ctx = { store, slotCounts: counts, clock } as unknown as AppContext;
    await follow(ctx, undefined, { kind: 'callback', id: cb.id });
    expect(asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({ [T0 + 4 * SLOT]: 1 });
  });

  it('reads again after maxAgeMs when a signal was lost', async () => {
    const clock = new FakeClock(T0);
    const { counts } = keepSlotCounts(raw, clock, { maxAgeMs: 5_000 });
    const s = service();
    await counts.bookedBetween(s, T0, T0 + 10 * SLOT);
    await other.write(async (tx) => { await tx.slots.adjust(s, T0 + 5 * SLOT, 3); });
    clock.advance(5_000);
    expect(asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({});
    clock.advance(1);
    expect(asObject(await counts.bookedBetween(s, T0 + 5_001, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({ [T0 + 5 * SLOT]: 3 });
  });

  it('neither keeps a load that a commit overtook nor counts a write twice', async () => {
    const clock = new FakeClock(T0);
    // Reads wait at a gate, so a write can commit while a load is under way.
    let open: () => void = () => undefined;
    let gate: Promise<void> | undefined;
    const gated: Store = {
      ...raw, driver: raw.driver, write: (w) => raw.write(w),
      read: async (work) => { const r = await raw.read(work); if (gate) await gate; return r; },
    };
    const { store, counts } = keepSlotCounts(gated, clock, { maxAgeMs: 86_400_000 });
    const s = service();
    gate = new Promise((resolve) => { open = resolve; });
    const loading = counts.bookedBetween(s, T0, T0 + 10 * SLOT); // read done, held at the gate
    await store.write(async (tx) => { await tx.slots.adjust(s, T0, 1); });
    open();
    gate = undefined;
    expect(asObject(await loading, T0, T0 + 10 * SLOT)).toEqual({}); // its own snapshot, not kept
    expect(asObject(await counts.bookedBetween(s, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({ [T0]: 1 });

    // A load that reads after a write committed but before the write returned is dropped, not added to.
    let release: () => void = () => undefined;
    let held: Promise<void> | undefined;
    const slow: Store = { ...raw, driver: raw.driver, read: (w) => raw.read(w), write: async (w) => { const r = await raw.write(w); if (held) await held; return r; } };
    const late = keepSlotCounts(slow, clock, { maxAgeMs: 86_400_000 });
    const s2 = service();
    held = new Promise<void>((resolve) => { release = resolve; });
    const writing = late.store.write(async (tx) => { await tx.slots.adjust(s2, T0, 1); });
    while ((await committed(s2))[T0] !== 1) await new Promise((r) => setImmediate(r)); // committed, not returned
    expect(asObject(await late.counts.bookedBetween(s2, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT)).toEqual({ [T0]: 1 });
    release();
    await writing;
    const seen = asObject(await late.counts.bookedBetween(s2, T0, T0 + 10 * SLOT), T0, T0 + 10 * SLOT);
    expect(seen).toEqual({ [T0]: 1 });
    expect(seen).toEqual(await committed(s2));
  });
});
