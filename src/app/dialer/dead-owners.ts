/**
 * Live callers held by a process that died are gone with its media (issue 9 part 3): out of every
 * node's line, their agents free again, and (by the dispatcher) recorded LIVE_LOST, not left
 * "in queue" until the next takeover. Every node runs it for its view; the cluster sweep calls it.
 */
import type { AppContext } from '../context.js';
import type { Cluster } from '../ports/cluster.js';
import { recordLostLiveCalls } from '../queue/lost-live-calls.js';
import type { LiveCalls } from '../queue/live-calls.js';
import type { Dialer } from './dialer.js';

export async function dropDeadOwners(ctx: AppContext, cluster: Cluster, live: LiveCalls, dialer: Dialer): Promise<{ dropped: number; lost: number }> {
  const now = ctx.clock.now();
  let dropped = 0;
  for (const owner of new Set([...live.remote.owners(), ...dialer.remoteLive.owners()])) {
    if (await cluster.isAlive(owner)) continue;
    dropped += live.remote.dropOwner(owner, now).length + dialer.remoteLive.ownerGone(owner, now);
  }
  if (dropped === 0 || !cluster.isDispatcher()) return { dropped, lost: 0 };
  const lost = await recordLostLiveCalls(ctx, cluster, now);
  dialer.dispatch();
  return { dropped, lost };
}
