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
  mayPush(serviceId: string): boolean;
  /** One write: QUEUED → PUSHED with PUSH_REQUESTED. Resolves with the callback as committed. */
  push(callbackId: string): Promise<Callback | undefined>;
}

export class CallInDesk implements DelayedDispatch {
  private readonly delayed = new Set<string>();
  private readonly pushing = new Map<string, number>(); // service → pushes being written

  constructor(private readonly ctx: AppContext, private readonly readyAgents: (serviceId: string) => number) {}

  load(): number {
    for (const id of this.ctx.store.read((tx) => tx.callIns.openDelayed(OPEN_STATES))) this.delayed.add(id);
    return this.delayed.size;
  }

  /** Told after a call-in (delayed) callback is committed. */
  added(callbackId: string): void {
    this.delayed.add(callbackId);
  }

  isDelayed(callbackId: string): boolean {
    return this.delayed.has(callbackId);
  }

  mayPush(serviceId: string): boolean {
    const waiting = this.ctx.store.read((tx) => tx.queue.countByState(['PUSHED', 'AWAITING_CALL_IN']))
      .filter((r) => r.serviceId === serviceId).reduce((n, r) => n + r.n, 0);
    return waiting + (this.pushing.get(serviceId) ?? 0) < this.readyAgents(serviceId);
  }

  async push(callbackId: string): Promise<Callback | undefined> {
    const serviceId = this.ctx.store.read((tx) => tx.callbacks.get(callbackId))?.serviceId ?? '';
    this.pushing.set(serviceId, (this.pushing.get(serviceId) ?? 0) + 1);
    try {
      return await this.ctx.store.write((tx) => pushReady(this.ctx, tx, callbackId, this.ctx.clock.now()));
    } finally {
      this.pushing.set(serviceId, (this.pushing.get(serviceId) ?? 1) - 1);
    }
  }
}
