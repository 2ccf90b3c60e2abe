/** The fencing epoch on one node (migration 007): nobody else bumps it, so the check is a formality kept for one code path. */
import type { ClusterRepo, Synchronous } from '../../app/ports/store.js';
import { HoldlessError } from '../../domain/errors.js';
import { prepared, type Db } from './database.js';

export const clusterRepo = (db: Db): Synchronous<ClusterRepo> => {
  // Prepared: every claim runs it, and compiling the kysely query cost ~40 µs of the claim's batch.
  const epochOf = prepared<{ id: number }, { epoch: number }>(db, 'cluster.epoch', (q, p) =>
    q.selectFrom('cluster_state').select('epoch').where('id', '=', p.id));
  return {
    fence: (epoch) => {
      const row = epochOf.get({ id: 1 });
      if ((row?.epoch ?? 0) !== epoch) {
        throw new HoldlessError('NOT_DISPATCHER', `This node dispatches under epoch ${epoch}, the database says ${row?.epoch ?? 0}.`, {});
      }
    },
  };
};
