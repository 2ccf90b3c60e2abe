import { EventQueue, type SimEvent } from './event-queue.js';
import type { Scheduler, TimerHandle } from './scheduler.js';

/**
 * Virtual clock for running the real (async, SQLite-backed) engine: after every timer it lets the
 * event loop turn until `busy()` says no asynchronous work is left (for example no database write
 * in flight), so chains of awaits finish at the virtual instant that started them.
 */
export class DrainingScheduler implements Scheduler {
  private readonly events = new EventQueue();
  private t: number;
  fired = 0;

  constructor(startAt: number, private readonly busy: () => boolean = () => false) {
    this.t = startAt;
  }

  now(): number {
    return this.t;
  }

  get pending(): number {
    return this.events.size;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const ev: SimEvent = this.events.push(this.t + Math.max(0, ms), fn);
    return { cancel: () => void (ev.cancelled = true) };
  }

  /** Runs every timer due up to `until` (an instant), draining async work after each. */
  async runUntil(until: number): Promise<void> {
    await this.drain();
    for (let ev = this.next(until); ev; ev = this.next(until)) {
      this.t = ev.at;
      ev.fn();
      this.fired++;
      await this.drain();
    }
    if (until > this.t) this.t = until;
  }

  /** Turns the event loop until nothing asynchronous is pending. */
  async drain(): Promise<void> {
    do await turn();
    while (this.busy());
  }

  private next(until: number): SimEvent | undefined {
    for (;;) {
      const ev = this.events.peek();
      if (!ev || ev.at > until) return undefined;
      this.events.pop();
      if (!ev.cancelled) return ev;
    }
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
