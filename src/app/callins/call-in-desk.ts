/**
 * The dialer's view of call-in (delayed) callbacks: which queued callbacks are pushed instead of
 * dialled, whether a service may push one more now, and the push itself. Pushes are paced by
 * ready agents: a service has at most as many callbacks pushed or awaiting a call-in as it has
 * skilled agents READY, so "your callback is ready" is true when the customer reads it, while
 * no agent is held for the customer's decision.
 */
import { OPEN_STATES, type Callback } from '../../domain/model.js';
import type { AppContext } from '../context.js';
import { pushReady } from './delayed-call-in.js';

export interface DelayedDispatch {
  isDelayed(callbackId: string): boolean;
  /** One write: QUEUED → PUSHED with PUSH_REQUESTED, resolved with the callback as committed; 'full' when the service has enough pushed. */
  tryPush(callbackId: string, serviceId: string): Promise<Callback | undefined | 'full'>;
}

export class CallInDesk implements DelayedDispatch {
  private readonly delayed = new Set<string>();
  private readonly pushing = new Map<string, number>(); // service → pushes being written

  constructor(private readonly ctx: AppContext, private readonly readyAgents: (serviceId: string) => number) {}

  async load(): Promise<number> {
    for (const id of await this.ctx.store.read(async (tx) => await tx.callIns.openDelayed(OPEN_STATES))) this.delayed.add(id);
    return this.delayed.size;
  }

  /** Told after a call-in (delayed) callback is committed. */
  added(callbackId: string): void {
    this.delayed.add(callbackId);
  }

  isDelayed(callbackId: string): boolean {
    return this.delayed.has(callbackId);
  }

  /**
   * Pushes the callback unless its service already has as many pushed (or awaiting call-in) as
   * ready agents: 'full' then, and the entry keeps its place. The slot is reserved before the
   * count is read, so two pushes deciding at once both count each other (never one too many).
   */
  async tryPush(callbackId: string, serviceId: string): Promise<Callback | undefined | 'full'> {
    this.pushing.set(serviceId, (this.pushing.get(serviceId) ?? 0) + 1);
    try {
      const rows = await this.ctx.store.read(async (tx) => await tx.queue.countByState(['PUSHED', 'AWAITING_CALL_IN']));
      const waiting = rows.filter((r) => r.serviceId === serviceId).reduce((n, r) => n + r.n, 0);
      if (waiting + (this.pushing.get(serviceId) ?? 1) - 1 >= this.readyAgents(serviceId)) return 'full';
      return await this.ctx.store.write(async (tx) => await pushReady(this.ctx, tx, callbackId, this.ctx.clock.now()));
    } finally {
      this.pushing.set(serviceId, (this.pushing.get(serviceId) ?? 1) - 1);
    }
  }
}
