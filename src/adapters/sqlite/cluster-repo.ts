/** The fencing epoch on one node (migration 007): nobody else bumps it, so the check is a formality kept for one code path. */
import type { ClusterRepo, Synchronous } from '../../app/ports/store.js';
import { HoldlessError } from '../../domain/errors.js';
import { first, type Db } from './database.js';

export const clusterRepo = (db: Db): Synchronous<ClusterRepo> => ({
  fence: (epoch) => {
    const row = first(db, db.q.selectFrom('cluster_state').select('epoch').where('id', '=', 1));
    if ((row?.epoch ?? 0) !== epoch) {
      throw new HoldlessError('NOT_DISPATCHER', `This node dispatches under epoch ${epoch}, the database says ${row?.epoch ?? 0}.`, {});
    }
  },
});
