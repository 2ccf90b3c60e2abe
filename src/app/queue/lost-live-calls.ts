/**
 * Live callers of a process that died (kill -9, power loss) were on hold with their media on that
 * process: they are gone, but the event log still says LIVE_QUEUED with no end. The dispatcher
 * (at start, and when it takes over from another node) records them as LIVE_LOST, so reports and
 * views never count them as waiting. Only processes known dead are swept (Cluster.isAlive).
 */
import type { Instant } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import type { Cluster } from '../ports/cluster.js';
import type { StoredEvent } from '../ports/store.js';

const LOOK_BACK_MS = 24 * 3_600_000;
const PAGE = 5_000;
const ENDS = new Set(['LIVE_CONNECTED', 'LIVE_ABANDONED', 'LIVE_LEFT_FOR_CALLBACK', 'LIVE_LOST']);

/** A LIVE_QUEUED event without an end yet, and the incarnation whose media holds that caller. */
export interface OpenEntry { e: StoredEvent; node: string }

/** Live entries the event log says are still waiting (or being connected), by entry id. */
export async function openLiveEntries(ctx: AppContext, now: Instant): Promise<Map<string, OpenEntry>> {
  const open = new Map<string, OpenEntry>();
  let after = 0;
  for (;;) {
    const page = await ctx.store.read(async (tx) => await tx.events.between(now - LOOK_BACK_MS, now + 1, after, PAGE));
    for (const e of page) {
      const id = e.data?.['entryId'];
      if (typeof id !== 'string') continue;
      const node = e.data?.['node'];
      if (e.type === 'LIVE_QUEUED' && typeof node === 'string') open.set(id, { e, node });
      else if (ENDS.has(e.type)) open.delete(id);
    }
    if (page.length < PAGE) return open;
    after = page[page.length - 1]!.seq;
  }
}

/** Records LIVE_LOST for the open live entries of dead processes; returns how many. */
export async function recordLostLiveCalls(ctx: AppContext, cluster: Cluster, now: Instant, read?: Map<string, OpenEntry>): Promise<number> {
  const open = read ?? await openLiveEntries(ctx, now);
  const alive = new Map<string, boolean>();
  const lost: OpenEntry[] = [];
  for (const entry of open.values()) {
    if (entry.node === cluster.incarnation) continue;
    if (!alive.has(entry.node)) alive.set(entry.node, await cluster.isAlive(entry.node));
    if (!alive.get(entry.node)) lost.push(entry);
  }
  if (lost.length === 0) return 0;
  await ctx.store.write(async (tx) => {
    for (const { e, node } of lost) {
      await tx.events.append({
        at: now, type: 'LIVE_LOST', serviceId: e.serviceId,
        data: { entryId: e.data?.['entryId'], queuedSince: e.data?.['queuedSince'], node, why: 'PROCESS_DIED', callId: e.data?.['callId'] ?? null },
      });
    }
  });
  return lost.length;
}
