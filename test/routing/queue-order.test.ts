import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareQueueOrder, countAhead, insertInOrder, removeInOrder, sortQueue, waitedSeconds, type QueueOrderKey } from '../../src/domain/queue-order.js';

const e = (id: string, priority: number, queuedSince: number): QueueOrderKey => ({ id, priority, queuedSince });

describe('queue order', () => {
  it('serves higher priority first, then earlier arrival, then id', () => {
    const q = sortQueue([e('c', 0, 100), e('a', 0, 200), e('b', 5, 300), e('d', 0, 100)]);
    expect(q.map((x) => x.id)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('a callback keeps the caller place: earlier queuedSince beats a later live call', () => {
    expect(compareQueueOrder(e('callback', 0, 1_000), e('live', 0, 2_000))).toBeLessThan(0);
  });

  it('insertInOrder / removeInOrder keep the array sorted (property)', () => {
    const key = fc.record({ id: fc.uuid(), priority: fc.integer({ min: 0, max: 3 }), queuedSince: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.uniqueArray(key, { selector: (k) => k.id, maxLength: 60 }), fc.nat(), (keys, drop) => {
        const arr: QueueOrderKey[] = [];
        for (const k of keys) insertInOrder(arr, k);
        expect(arr).toEqual(sortQueue(keys));
        if (keys.length > 0) {
          const victim = keys[drop % keys.length]!;
          expect(removeInOrder(arr, victim)).toBe(true);
          expect(removeInOrder(arr, victim)).toBe(false);
          expect(arr).toEqual(sortQueue(keys.filter((k) => k !== victim)));
        }
      }),
    );
  });

  it('countAhead is the index in order', () => {
    const arr = sortQueue([e('a', 0, 1), e('b', 0, 2), e('c', 1, 3)]);
    expect(countAhead(arr, arr[2]!)).toBe(2);
    expect(countAhead(arr, e('z', 9, 0))).toBe(0);
  });

  it('waitedSeconds counts from the original arrival and never goes negative', () => {
    expect(waitedSeconds({ queuedSince: 10_000 }, 70_000)).toBe(60);
    expect(waitedSeconds({ queuedSince: 10_000 }, 5_000)).toBe(0);
  });
});
