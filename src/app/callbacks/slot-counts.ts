/**
 * The committed per-slot booking counters of each service, kept in memory for the reads that only
 * show them (GET availability, service status): reading ~336 counter rows cost ~230 µs a request
 * (issue 13, bench/api). Capacity is still enforced inside the booking's write transaction
 * (timing.ts assertSlotHasRoom); this map never decides a booking.
 *
 * How it stays right:
 * - Every write goes through the Store returned here, which notes each `slots.adjust` of the
 *   work and, once the write has committed, adds those deltas to the kept map (a write that fails
 *   drops the service's map instead: it may have committed after all). The use case awaits that
 *   write, so the client who booked sees the booking in the next availability.
 * - A map is loaded once per service (all slots from the load's `now` on), then kept. A delta is
 *   added only to a map whose read finished before the write's first adjust, so the map cannot
 *   have seen that write already; otherwise the map is dropped and read again on the next ask. A
 *   load during which a write of that service committed answers its own request but is not kept.
 * - Other nodes of a cluster write the same counters: `invalidate(serviceId)` on their signal
 *   (src/cluster-wiring.ts), and `maxAgeMs` bounds how long a map is kept when a signal is lost.
 */
import type { Instant } from '../../domain/model.js';
import type { Clock } from '../ports/clock.js';
import type { SlotRepo, Store, Tx } from '../ports/store.js';

export interface SlotCounts {
  /**
   * Committed bookings per slot start, holding at least every slot in [from, to) (slots without a
   * booking are absent). Use it before the next await: the kept map changes with later commits.
   */
  bookedBetween(serviceId: string, from: Instant, to: Instant): Promise<ReadonlyMap<Instant, number>>;
  /** Another node changed this service's bookings: read them again on the next ask. */
  invalidate(serviceId: string): void;
}

export interface SlotCountsOptions {
  /** A kept map older than this is read again (a lost cluster signal; slots that passed). */
  maxAgeMs: number;
}

interface Kept { from: Instant; loadedAt: Instant; booked: Map<Instant, number>; keptAt: number }
interface Load { changes: number; from: Instant; promise: Promise<Kept> }
interface Delta { serviceId: string; slotStart: Instant; delta: number; seq: number }

const END_OF_TIME = Number.MAX_SAFE_INTEGER;

/** Wraps `store` so its writes keep the counters; use the returned store for every write. */
export function keepSlotCounts(store: Store, clock: Clock, options: SlotCountsOptions): { store: Store; counts: SlotCounts } {
  const kept = new Map<string, Kept>();
  const loads = new Map<string, Load>();
  const changes = new Map<string, number>(); // per service: commits (or doubts) seen so far
  let seq = 0; // orders the end of a load against the first adjust of a write

  const changed = (serviceId: string): void => {
    changes.set(serviceId, (changes.get(serviceId) ?? 0) + 1);
  };

  const committed = (deltas: Delta[]): void => {
    const firstSeq = new Map<string, number>();
    for (const d of deltas) if (!firstSeq.has(d.serviceId)) firstSeq.set(d.serviceId, d.seq);
    for (const [serviceId, first] of firstSeq) {
      changed(serviceId);
      const k = kept.get(serviceId);
      if (!k) continue;
      if (k.keptAt > first) { kept.delete(serviceId); continue; } // its read may already include this write
      for (const d of deltas) if (d.serviceId === serviceId) k.booked.set(d.slotStart, (k.booked.get(d.slotStart) ?? 0) + d.delta);
    }
  };

  const doubted = (deltas: Delta[]): void => {
    for (const serviceId of new Set(deltas.map((d) => d.serviceId))) { changed(serviceId); kept.delete(serviceId); }
  };

  const load = (serviceId: string): Promise<Kept> => {
    const now = clock.now();
    const at = changes.get(serviceId) ?? 0;
    const running = loads.get(serviceId);
    // A load that began before a commit this caller may have made is not shared.
    if (running && running.changes === at && running.from <= now) return running.promise;
    const promise = (async () => {
      const booked = new Map(await store.read(async (tx) => await tx.slots.bookedBetween(serviceId, now, END_OF_TIME)));
      const k: Kept = { from: now, loadedAt: now, booked, keptAt: ++seq };
      if ((changes.get(serviceId) ?? 0) === at) kept.set(serviceId, k);
      return k;
    })();
    const entry: Load = { changes: at, from: now, promise };
    loads.set(serviceId, entry);
    void promise.finally(() => { if (loads.get(serviceId) === entry) loads.delete(serviceId); }).catch(() => undefined);
    return promise;
  };

  const counts: SlotCounts = {
    async bookedBetween(serviceId, from, to) {
      const now = clock.now();
      let k = kept.get(serviceId);
      if (k && (now - k.loadedAt > options.maxAgeMs || now < k.loadedAt)) { kept.delete(serviceId); k = undefined; }
      if (!k) k = await load(serviceId);
      if (from >= k.from) return k.booked;
      // Before the kept range (a clock set back): read it as asked.
      return await store.read(async (tx) => await tx.slots.bookedBetween(serviceId, from, to));
    },
    invalidate(serviceId) {
      changed(serviceId);
      kept.delete(serviceId);
    },
  };

  const wrapped: Store = {
    driver: store.driver,
    read: (work) => store.read(work),
    healthy: () => store.healthy(),
    close: () => store.close(),
    async write(work) {
      let deltas: Delta[] = [];
      try {
        const result = await store.write(async (tx) => {
          deltas = []; // a work run again by the adapter starts over
          return await work(noting(tx, deltas, () => ++seq));
        });
        if (deltas.length > 0) committed(deltas);
        return result;
      } catch (e) {
        if (deltas.length > 0) doubted(deltas);
        throw e;
      }
    },
  };
  return { store: wrapped, counts };
}

/** The transaction with its slot adjustments noted in `deltas` (after the statement succeeded). */
function noting(tx: Tx, deltas: Delta[], next: () => number): Tx {
  const inner = tx.slots;
  const slots: SlotRepo = {
    booked: (serviceId, slotStart) => inner.booked(serviceId, slotStart),
    bookedBetween: (serviceId, from, to) => inner.bookedBetween(serviceId, from, to),
    async adjust(serviceId, slotStart, delta) {
      const seq = next(); // before the statement: a load ending after this point may see the write
      await inner.adjust(serviceId, slotStart, delta);
      deltas.push({ serviceId, slotStart, delta, seq });
    },
  };
  return { ...tx, slots };
}
