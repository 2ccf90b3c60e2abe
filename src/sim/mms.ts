import { exponential, seededRandom } from './random.js';
import { type TimerHandle, VirtualScheduler } from './scheduler.js';

/**
 * M/M/s (+M with patience) FIFO queue on the virtual clock: Poisson arrivals, exponential
 * service, s servers, optional exponential patience. The observer sees every arrival (with the
 * queue it finds), service start, completion and abandonment; bench/ewt builds on it.
 */
export interface MmsOptions {
  servers: number;
  arrivalRatePerSecond: number;
  meanServiceSeconds: number;
  /** Exponential patience; omitted = nobody abandons (plain M/M/s). */
  meanPatienceSeconds?: number;
  durationSeconds: number;
  seed: number;
}

export interface MmsArrival {
  id: number;
  atSeconds: number;
  /** Customers waiting in line ahead of this one. */
  ahead: number;
  busy: number;
  servers: number;
}

export interface MmsObserver {
  onArrival?(a: MmsArrival): void;
  onServiceStart?(id: number, waitSeconds: number): void;
  onCompleted?(handleSeconds: number): void;
  onAbandoned?(id: number, waitSeconds: number): void;
  /** For an abandoned customer: the wait they would have had (for unbiased EWT evaluation). */
  onVirtualWaitEnd?(id: number, virtualWaitSeconds: number): void;
}

export interface MmsTotals {
  arrivals: number;
  served: number;
  abandoned: number;
  events: number;
}

export function simulateMms(opts: MmsOptions, observer: MmsObserver = {}): MmsTotals {
  const clock = new VirtualScheduler(0);
  const random = seededRandom(opts.seed);
  const sec = (): number => clock.now() / 1000;
  const line: number[] = []; // FIFO of waiting ids; abandoned ones are skipped lazily
  const arrivedAt: number[] = [];
  const gone = new Set<number>(); // abandoned while in line
  const patience = new Map<number, TimerHandle>();
  let head = 0;
  let waiting = 0;
  let busy = 0;
  const totals: MmsTotals = { arrivals: 0, served: 0, abandoned: 0, events: 0 };

  const startService = (id: number): void => {
    busy++;
    totals.served++;
    patience.get(id)?.cancel();
    patience.delete(id);
    observer.onServiceStart?.(id, sec() - arrivedAt[id]!);
    const handle = exponential(random, opts.meanServiceSeconds);
    clock.setTimer(handle * 1000, () => complete(handle));
  };
  const complete = (handle: number): void => {
    busy--;
    observer.onCompleted?.(handle);
    while (head < line.length) {
      const id = line[head++]!;
      // An abandoned customer's virtual wait (had they stayed) ends when a server frees up with
      // them at the head: FIFO means their own patience never changed what happened ahead.
      if (gone.delete(id)) {
        observer.onVirtualWaitEnd?.(id, sec() - arrivedAt[id]!);
        continue;
      }
      waiting--;
      startService(id);
      break;
    }
    if (head > 4096 && head * 2 > line.length) line.splice(0, head), (head = 0);
  };
  const abandon = (id: number): void => {
    gone.add(id);
    patience.delete(id);
    waiting--;
    totals.abandoned++;
    observer.onAbandoned?.(id, sec() - arrivedAt[id]!);
  };
  const arrive = (): void => {
    const id = totals.arrivals++;
    arrivedAt[id] = sec();
    observer.onArrival?.({ id, atSeconds: sec(), ahead: waiting, busy, servers: opts.servers });
    if (busy < opts.servers && waiting === 0) startService(id);
    else {
      line.push(id);
      waiting++;
      if (opts.meanPatienceSeconds !== undefined) {
        patience.set(id, clock.setTimer(exponential(random, opts.meanPatienceSeconds) * 1000, () => abandon(id)));
      }
    }
    clock.setTimer(exponential(random, 1 / opts.arrivalRatePerSecond) * 1000, arrive);
  };
  clock.setTimer(0, arrive);
  totals.events = clock.advanceSync(opts.durationSeconds * 1000);
  return totals;
}
