/** Binary min-heap of timed events, ordered by time then insertion sequence (FIFO on ties). */

const NOTHING = (): void => undefined;

/**
 * One timed event; it is also the timer's handle (no closure per timer). Cancelling drops the
 * callback at once: a cancelled event stays in the heap until its time, and a long timeout
 * (a caller's patience, a ring timer) would otherwise keep its leg and promise chain alive.
 */
export class SimEvent {
  cancelled = false;
  constructor(readonly at: number, readonly seq: number, public fn: () => void) {}

  cancel(): void {
    this.cancelled = true;
    this.fn = NOTHING;
  }
}

export class EventQueue {
  private heap: SimEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, fn: () => void): SimEvent {
    const ev = new SimEvent(at, this.seq++, fn);
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(ev, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = ev;
    return ev;
  }

  peek(): SimEvent | undefined {
    return this.heap[0];
  }

  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

const before = (a: SimEvent, b: SimEvent): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
