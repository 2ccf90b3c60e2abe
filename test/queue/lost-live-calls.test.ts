/** Live callers of a dead process are recorded LIVE_LOST once; the living, ended and own ones are left alone. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import type { AppContext } from '../../src/app/context.js';
import { soloCluster, type Cluster } from '../../src/app/ports/cluster.js';
import { recordLostLiveCalls } from '../../src/app/queue/lost-live-calls.js';
import { tempDir } from '../../src/testing/test-config.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');

describe('recordLostLiveCalls', () => {
  it('ends the open entries of dead processes only, once', async () => {
    const store = createSqliteStore(join(tempDir(), 'lost.db'), { synchronous: 'NORMAL', groupCommitMaxDelayMs: 0 });
    const ctx = { store } as unknown as AppContext;
    const live = (entryId: string, node: string, at = NOW - 60_000) => ({ at, type: 'LIVE_QUEUED', serviceId: 'billing', data: { entryId, queuedSince: at, node, callId: `c-${entryId}` } });
    await store.write(async (tx) => {
      await tx.events.append(live('dead-waiting', 'a#old'));
      await tx.events.append(live('dead-answered', 'a#old'));
      await tx.events.append({ at: NOW - 30_000, type: 'LIVE_CONNECTED', serviceId: 'billing', data: { entryId: 'dead-answered' } });
      await tx.events.append(live('alive-waiting', 'b#1'));
      await tx.events.append(live('mine', 'a#new'));
      await tx.events.append(live('too-old', 'a#old', NOW - 25 * 3_600_000));
    });
    const cluster: Cluster = { ...soloCluster('a', null, 'a#new'), isAlive: async (n) => n !== 'a#old' };

    expect(await recordLostLiveCalls(ctx, cluster, NOW)).toBe(1);
    const lost = store.sync.events.between(0, NOW + 1).filter((e) => e.type === 'LIVE_LOST');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ serviceId: 'billing', data: { entryId: 'dead-waiting', node: 'a#old', why: 'PROCESS_DIED', callId: 'c-dead-waiting' } });
    expect(await recordLostLiveCalls(ctx, cluster, NOW + 1_000)).toBe(0); // already recorded
    await store.close();
  });

  it('one node: every earlier incarnation is dead, its own is not', async () => {
    const solo = soloCluster('n', null, 'n#2');
    expect(await solo.isAlive('n#2')).toBe(true);
    expect(await solo.isAlive('n#1')).toBe(false);
  });
});
