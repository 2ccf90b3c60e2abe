/**
 * The audit log of admin actions: ADMIN_ACTION events in the append-only event log (who, what,
 * on which id, when). Nothing here ever updates or deletes an entry.
 */
import type { AppContext } from '../context.js';
import type { StoredEvent } from '../ports/store.js';

export const ADMIN_ACTION = 'ADMIN_ACTION';
export type AdminAction = 'user.create' | 'user.revoke' | 'api-key.create' | 'api-key.revoke';

export interface AuditEntry { seq: number; at: string; actor: string; action: string; target: string }

export async function recordAdminAction(ctx: AppContext, actor: string, action: AdminAction, target: string): Promise<void> {
  const at = ctx.clock.now();
  await ctx.store.write(async (tx) => await tx.events.append({ at, type: ADMIN_ACTION, data: { actor, action, target } }));
}

const DAY = 86_400_000;

/** The newest entries of the last `days` days, newest first. */
export async function recentAdminActions(ctx: AppContext, limit: number, days = 90): Promise<AuditEntry[]> {
  const now = ctx.clock.now();
  const out: AuditEntry[] = [];
  let after: number | undefined;
  // The log has no index by type: page through the window and keep the admin actions.
  for (;;) {
    const page: StoredEvent[] = await ctx.store.read(async (r) => r.events.between(now - days * DAY, now + 1, after, 5000));
    for (const e of page) if (e.type === ADMIN_ACTION) out.push(entryOf(e));
    if (page.length < 5000) break;
    after = page[page.length - 1]!.seq;
  }
  return out.reverse().slice(0, limit);
}

const entryOf = (e: StoredEvent): AuditEntry => ({
  seq: e.seq, at: new Date(e.at).toISOString(),
  actor: String(e.data?.['actor'] ?? ''), action: String(e.data?.['action'] ?? ''), target: String(e.data?.['target'] ?? ''),
});
