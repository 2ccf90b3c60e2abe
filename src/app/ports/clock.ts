import type { Instant } from '../../domain/model.js';

/** Wall-clock time for the app. Domain code gets `now` passed in; only adapters read real time. */
export interface Clock {
  now(): Instant;
}
