import type { Instant, SkillRequirement } from './model.js';

/**
 * Order of a service's virtual queue (DESIGN.md "Queue entry"): live calls on hold and callbacks
 * together. HIGHER priority first, then the earlier original arrival (`queuedSince`, so a callback
 * keeps the caller's place in line), then id (a stable tie-break so every process agrees).
 */
export interface QueueOrderKey {
  id: string;
  priority: number;
  queuedSince: Instant;
}

export type QueueEntryKind = 'call' | 'callback';

export interface QueueEntry extends QueueOrderKey {
  serviceId: string;
  kind: QueueEntryKind;
  /** Extra skills of the request's subject, required on top of the service's expression. */
  extraSkills?: SkillRequirement[];
}

/** Negative when `a` is served before `b`. */
export function compareQueueOrder(a: QueueOrderKey, b: QueueOrderKey): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.queuedSince !== b.queuedSince) return a.queuedSince - b.queuedSince;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function isAhead(a: QueueOrderKey, b: QueueOrderKey): boolean {
  return compareQueueOrder(a, b) < 0;
}

/** A new array in queue order (the input is left untouched). */
export function sortQueue<T extends QueueOrderKey>(entries: readonly T[]): T[] {
  return [...entries].sort(compareQueueOrder);
}

/** First index in `sorted` whose element is not ahead of `key` (binary search). */
export function lowerBound<T extends QueueOrderKey>(sorted: readonly T[], key: QueueOrderKey): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareQueueOrder(sorted[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts in place keeping queue order; returns the index used. */
export function insertInOrder<T extends QueueOrderKey>(sorted: T[], entry: T): number {
  const at = lowerBound(sorted, entry);
  sorted.splice(at, 0, entry);
  return at;
}

/** Removes the entry with the same order key; returns false when absent. */
export function removeInOrder<T extends QueueOrderKey>(sorted: T[], key: QueueOrderKey): boolean {
  const at = lowerBound(sorted, key);
  if (at >= sorted.length || sorted[at]!.id !== key.id) return false;
  sorted.splice(at, 1);
  return true;
}

/** Number of entries ahead of `key` in a sorted queue (0 = at the head). */
export function countAhead<T extends QueueOrderKey>(sorted: readonly T[], key: QueueOrderKey): number {
  return lowerBound(sorted, key);
}

/** Seconds an entry has waited, counted from its original arrival. */
export function waitedSeconds(entry: { queuedSince: Instant }, now: Instant): number {
  return Math.max(0, (now - entry.queuedSince) / 1000);
}
