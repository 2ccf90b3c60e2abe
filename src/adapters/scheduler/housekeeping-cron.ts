/**
 * Housekeeping ticks (node-cron, UTC): purge idempotency keys past their 24 h window. Due
 * callbacks are never scheduled here: the dialer polls them from the database.
 */
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../../app/ports/clock.js';
import type { Store } from '../../app/ports/store.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;

export async function purgeIdempotencyKeys(store: Store, clock: Clock): Promise<number> {
  const before = clock.now() - IDEMPOTENCY_WINDOW_MS;
  return store.write(async (tx) => await tx.idempotency.purgeBefore(before));
}

export function startHousekeeping(store: Store, clock: Clock, logger: Logger): { stop(): void } {
  const task = cron.schedule('17 * * * *', () => {
    purgeIdempotencyKeys(store, clock)
      .then((purged) => purged > 0 && logger.info({ purged }, 'idempotency keys purged'))
      .catch((err: unknown) => logger.error({ err }, 'housekeeping failed'));
  }, { timezone: 'Etc/UTC' });
  return { stop: () => void task.stop() };
}
