import type { Clock } from '../app/ports/clock.js';
import { EventQueue, type SimEvent } from './event-queue.js';

/**
 * Time and timers for the simulated contact centre: the same code runs a whole day on a virtual
 * clock (tests, simulator) or in real time (demo).
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler extends Clock {
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export class RealTimeScheduler implements Scheduler {
  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  }
}

/**
 * Virtual clock: time moves only through advance()/run*(). Timers due at the same instant fire
 * in the order they were set. The async runs let promise continuations settle after each timer,
 * so async code driven by timers (the simulated driver) sees the time it expects; with `busy`,
 * they keep turning the event loop until no asynchronous work is left (e.g. a database write in
 * flight), so chains of awaits finish at the virtual instant that started them.
 */
export class VirtualScheduler implements Scheduler {
  private readonly events = new EventQueue();
  private t: number;
  fired = 0;

  constructor(startAt = 0, private readonly busy: () => boolean = () => false) {
    this.t = startAt;
  }

  now(): number {
    return this.t;
  }

  get pending(): number {
    return this.events.size;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    return this.events.push(this.t + Math.max(0, ms), fn);
  }

  /** Runs timers due up to now+ms synchronously (for pure callback models such as bench/ewt). */
  advanceSync(ms: number): number {
    const until = this.t + ms;
    let fired = 0;
    for (let ev = this.next(until); ev; ev = this.next(until)) {
      this.t = ev.at;
      ev.fn();
      fired++;
    }
    this.t = until;
    this.fired += fired;
    return fired;
  }

  /** Runs timers due up to now+ms, settling promises after each one. */
  async advance(ms: number): Promise<number> {
    const until = this.t + ms;
    const fired = await this.runTimers(until);
    this.t = until;
    return fired;
  }

  /** Runs every timer due up to the instant `until`, then moves the clock there. */
  async runUntil(until: number): Promise<void> {
    await this.runTimers(until);
    if (until > this.t) this.t = until;
  }

  /** Runs until no timer is left (or `maxMs` of virtual time has passed). */
  async runUntilIdle(maxMs = 7 * 24 * 3600_000): Promise<number> {
    return this.runTimers(this.t + maxMs);
  }

  /** Turns the event loop until nothing asynchronous is pending. */
  async drain(): Promise<void> {
    do await settle();
    while (this.busy());
  }

  private async runTimers(until: number): Promise<number> {
    let fired = 0;
    await this.drain();
    for (let ev = this.next(until); ev; ev = this.next(until)) {
      this.t = ev.at;
      ev.fn();
      fired++;
      do await settle(); // drain(), inlined: one promise less per event
      while (this.busy());
    }
    this.fired += fired;
    return fired;
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

/** Lets every pending promise continuation run (setImmediate runs after the microtask queue). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
