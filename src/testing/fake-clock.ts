import type { Clock } from '../app/ports/clock.js';
import type { Instant } from '../domain/model.js';

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private t: Instant) {}
  now(): Instant {
    return this.t;
  }
  set(t: Instant | string): void {
    this.t = typeof t === 'string' ? Date.parse(t) : t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
