/**
 * The fencing epoch (migration 007). FOR SHARE: a claim holds the row until its COMMIT, so the
 * UPDATE of a node taking over waits for claims in flight, and every claim after it sees the new
 * epoch and is refused. A dispatcher that lost its lock therefore cannot commit a claim late.
 */
import type { ClusterRepo } from '../../app/ports/store.js';
import { HoldlessError } from '../../domain/errors.js';
import type { Conn } from './conn.js';

export const clusterRepo = (c: Conn): ClusterRepo => ({
  fence: async (epoch) => {
    const row = await c.first(c.q.selectFrom('cluster_state').select('epoch').where('id', '=', 1).forShare());
    if ((row?.epoch ?? 0) !== epoch) {
      throw new HoldlessError('NOT_DISPATCHER', `This node dispatches under epoch ${epoch}, the database says ${row?.epoch ?? 0}.`, {});
    }
  },
});
