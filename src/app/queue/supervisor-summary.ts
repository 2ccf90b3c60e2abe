/** The supervisor's live picture: per service queue/dial counts and today's results; agents by state. */
import type { Instant } from '../../domain/model.js';
import type { AgentBoard } from '../agents/agent-board.js';
import { startOfLocalDay } from '../agents/agent-service.js';
import type { AppContext } from '../context.js';
import { phoneStatus, type PhoneStatusView } from '../registrar/phones.js';
import type { Connector } from '../dialer/connector.js';
import type { LiveCalls } from './live-calls.js';
import type { QueueEngine } from './queue-engine.js';

export interface ServiceSummary {
  serviceId: string;
  queued: { live: number; callback: number };
  scheduled: { total: number; bySlot: { slotStart: string; count: number }[] };
  dialing: number;
  waitingAgent: number;
  connected: number;
  completedToday: number;
  failedToday: number;
  expiredToday: number;
  abandonedToday: number;
  ewtSeconds: number | null;
  /** Agents logged in (not Not Ready) who can serve the service, and of those the ready ones; 0 agents = "no agents". */
  staffing: { agents: number; free: number };
}

export interface SupervisorSummary {
  at: string;
  services: ServiceSummary[];
  agents: { byState: Record<string, number>; list: { id: string; name: string; state: string; reason: string | null; phone: PhoneStatusView }[] };
}

export async function supervisorSummary(
  ctx: AppContext, deps: { engine: QueueEngine; live: LiveCalls; board: AgentBoard; connector: Connector }, now: Instant,
): Promise<SupervisorSummary> {
  const services = ctx.catalog.services;
  const dayStart = Math.min(...services.map((s) => startOfLocalDay(ctx.catalog.calendarOf(s).timezone, now)));
  const { byState, bySlot, reached, abandoned } = await ctx.store.read(async (tx) => ({
    byState: await tx.queue.countByState(['DIALING', 'CONFIRMING', 'WAITING_AGENT', 'CONNECTED']),
    bySlot: await tx.queue.scheduledBySlot(),
    reached: await tx.queue.reachedSince(['COMPLETED', 'FAILED', 'EXPIRED'], dayStart),
    abandoned: await tx.queue.countEventsSince('LIVE_ABANDONED', dayStart),
  }));
  const count = <T extends { serviceId: string; n: number }>(rows: T[], id: string, pred: (r: T) => boolean = () => true): number =>
    rows.filter((r) => r.serviceId === id && pred(r)).reduce((s, r) => s + r.n, 0);
  const liveBy = new Map<string, number>();
  for (const c of deps.live.calls.values()) if (!c.connecting) liveBy.set(c.entry.serviceId, (liveBy.get(c.entry.serviceId) ?? 0) + 1);
  // Callers on hold at the other nodes of a cluster are in this line too.
  for (const [id, n] of deps.live.remote.countByService()) liveBy.set(id, (liveBy.get(id) ?? 0) + n);
  return {
    at: new Date(now).toISOString(),
    services: services.map((s) => {
      const live = liveBy.get(s.id) ?? 0;
      const slots = bySlot.filter((r) => r.serviceId === s.id);
      return {
        serviceId: s.id,
        queued: { live, callback: Math.max(0, deps.engine.index.serviceSize(s.id) - live) },
        scheduled: { total: slots.reduce((a, r) => a + r.n, 0), bySlot: slots.map((r) => ({ slotStart: new Date(r.slotStart).toISOString(), count: r.n })) },
        dialing: count(byState, s.id, (r) => r.state === 'DIALING' || r.state === 'CONFIRMING'),
        waitingAgent: count(byState, s.id, (r) => r.state === 'WAITING_AGENT'),
        connected: count(byState, s.id, (r) => r.state === 'CONNECTED'),
        completedToday: count(reached, s.id, (r) => r.state === 'COMPLETED'),
        failedToday: count(reached, s.id, (r) => r.state === 'FAILED'),
        expiredToday: count(reached, s.id, (r) => r.state === 'EXPIRED'),
        abandonedToday: count(abandoned, s.id),
        ewtSeconds: deps.engine.ewtForNew(s.id, now),
        staffing: deps.engine.staffing(s.id),
      };
    }),
    agents: {
      byState: deps.board.countByState(),
      list: deps.board.all().map(([id, st]) => ({
        id, name: deps.board.def(id).name, state: st.name, reason: st.name === 'NOT_READY' ? st.reason : null,
        phone: phoneStatus(ctx, deps.board.def(id), now),
      })),
    },
  };
}
