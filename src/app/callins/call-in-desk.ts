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
  /** Per service, the last push decision in line (decisions of one service are serial). */
  private readonly turns = new Map<string, Promise<void>>();

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
   * ready agents: 'full' then, and the entry keeps its place. Decisions of one service run one
   * after another (count, then write), so two pushes deciding at once never make one too many.
   */
  tryPush(callbackId: string, serviceId: string): Promise<Callback | undefined | 'full'> {
    // Ready agents counted now, at the dispatch decision: the agent who stepped over this entry
    // is busy with the next one by the time the count of pushed callbacks is read.
    const ready = this.readyAgents(serviceId);
    const before = this.turns.get(serviceId) ?? Promise.resolve();
    const turn = before.then(() => this.pushIfRoom(callbackId, serviceId, ready));
    const settled = turn.then(() => undefined, () => undefined);
    this.turns.set(serviceId, settled);
    void settled.then(() => { if (this.turns.get(serviceId) === settled) this.turns.delete(serviceId); });
    return turn;
  }

  private async pushIfRoom(callbackId: string, serviceId: string, ready: number): Promise<Callback | undefined | 'full'> {
    const rows = await this.ctx.store.read(async (tx) => await tx.queue.countByState(['PUSHED', 'AWAITING_CALL_IN']));
    const waiting = rows.filter((r) => r.serviceId === serviceId).reduce((n, r) => n + r.n, 0);
    if (waiting >= ready) return 'full';
    return await this.ctx.store.write(async (tx) => await pushReady(this.ctx, tx, callbackId, this.ctx.clock.now()));
  }
}
