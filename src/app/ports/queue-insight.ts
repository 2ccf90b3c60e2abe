import type { Callback, Instant } from '../../domain/model.js';

/**
 * What the queue engine knows about waiting times. Until a service has an estimator, answers are
 * null — never invented.
 */
export interface QueueInsight {
  /** EWT in seconds for a new entry of the service arriving now. */
  ewtForNew(serviceId: string, now: Instant): number | null;
  /** EWT in seconds for a waiting callback at its current position. */
  ewtFor(cb: Callback, position: number, now: Instant): number | null;
  /**
   * 1-based place in line of a waiting callback = entries ahead of it + 1, from the in-memory
   * queue (O(log n)); cb itself may not be indexed yet (it is asked before the commit). When
   * absent, the position is counted in the database (O(n) — fine for small queues only).
   */
  positionOf?(cb: Callback): number | null;
  /** Agents logged in and not Not Ready who can serve the service (absent: unknown). */
  staffing?(serviceId: string): { agents: number; free: number };
  /** Told after each committed change of a callback, so in-memory queues follow the database. */
  callbackChanged(cb: Callback): void;
}

export const noQueueInsight: QueueInsight = {
  ewtForNew: () => null,
  ewtFor: () => null,
  callbackChanged: () => undefined,
};
