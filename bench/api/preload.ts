import { syncRepos, type SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import type { Callback } from '../../src/domain/model.js';

/** Books `count` scheduled callbacks over the next 30 days of 30-minute slots (one transaction). */
export function preloadCallbacks(store: SqliteStore, count: number, now: number): void {
  const slot = 30 * 60_000;
  const first = Math.ceil(now / slot) * slot;
  const slots = 30 * 48;
  // Straight on the connection, synchronously: a seed, not a request (no group commit needed).
  const tx = syncRepos(store.db);
  const insert = store.db.sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const slotStart = first + (i % slots) * slot;
      const cb: Callback = {
        id: `pre-${String(i).padStart(8, '0')}`, serviceId: 'billing', phone: `+4930${String(2_000_000 + i)}`,
        state: 'SCHEDULED', channel: 'api', queuedSince: slotStart, priority: 5, slotStart, dueAt: slotStart,
        expiresAt: slotStart + 86_400_000, attempts: 0, createdAt: now - 86_400_000 * 2, updatedAt: now, version: 1,
      };
      tx.callbacks.insert(cb);
      tx.slots.adjust('billing', slotStart, 1);
    }
  });
  insert();
}
