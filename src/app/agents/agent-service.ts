/** Use cases behind the agent and supervisor routes. */
import { HoldlessError } from '../../domain/errors.js';
import type { Callback, Instant } from '../../domain/model.js';
import { describePhone, redactPhone } from '../../domain/phone.js';
import { localDateOf, localToInstant } from '../../domain/time.js';
import type { AppContext } from '../context.js';
import type { Dialer } from '../dialer/dialer.js';
import { renderAttempt, type AttemptView } from '../callbacks/view.js';
import { hangupForAgent, rescheduleForAgent, type AgentReschedule } from './agent-actions.js';
import { viewState, type AgentBoard, type AgentStateView, type Interaction } from './agent-board.js';
import { callerView, type CallerContextView } from '../callins/caller-context.js';
import { assertPhoneReady, phoneStatus, type PhoneStatusView } from '../registrar/phones.js';

export type RequestedState = 'READY' | 'NOT_READY' | 'LOGGED_OUT';

export interface CallbackContextView {
  id: string; serviceId: string; subjectId: string | null; subject: string | null; state: string;
  customerId: string | null; firstName: string | null; lastName: string | null; phone: string; phoneRedacted: string;
  /** The number in its own country's national format, and that country (ISO 3166), for people. */
  phoneNational: string | null; phoneCountry: string | null;
  language: string | null; notes: string | null; context: Record<string, string>; attempts: AttemptView[];
  queuedSince: string;
}

export interface DispositionView { code: string; notes: string | null; at: string }

/** `at`: the server's time of this view, so pages count call and wrap-up time on the server's clock. */
export interface AgentView {
  id: string; name: string; state: AgentStateView; at: string;
  /** How the agent's phone is rung, and whether it is registered. */
  phone: PhoneStatusView;
  interaction: (Omit<Interaction, 'since' | 'disposition' | 'caller'> & {
    since: string; callback: CallbackContextView | null; disposition: DispositionView | null;
    /** A live caller who called in: the request's context; null for other calls and callbacks. */
    caller: CallerContextView | null;
  }) | null;
}

export class AgentService {
  constructor(private readonly ctx: AppContext, private readonly board: AgentBoard, private readonly dialer: Dialer) {}

  setState(agentId: string, wanted: RequestedState, reason: string | undefined): Promise<AgentView> {
    const now = this.ctx.clock.now();
    const s = this.board.state(agentId);
    if (wanted === 'LOGGED_OUT') this.board.apply(agentId, { type: 'LOGOUT' }, now);
    else if (wanted === 'NOT_READY') {
      if (!reason) throw new HoldlessError('REASON_REQUIRED', 'NOT_READY needs a reason code.', { field: 'reason', reasonCodes: this.ctx.catalog.reasonCodes });
      if (s.name === 'LOGGED_OUT') this.board.apply(agentId, { type: 'LOGIN', reason }, now);
      else this.board.apply(agentId, { type: 'NOT_READY', reason }, now);
    } else {
      assertPhoneReady(this.ctx, this.ctx.catalog.agent(agentId), now);
      if (s.name === 'LOGGED_OUT') this.board.apply(agentId, { type: 'LOGIN' }, now);
      if (s.name === 'WRAP_UP') this.board.setInteraction(agentId, undefined);
      this.board.apply(agentId, { type: 'READY' }, now);
      // The view is read after the store has taken up the dispatch's writes: reading it first
      // would hold back the batch that commits the claim, and with it the dial (bench/dispatch).
      if (this.dialer.dispatchFor(agentId, now)) return afterThisTurn().then(() => this.view(agentId));
    }
    return this.view(agentId);
  }

  async view(agentId: string): Promise<AgentView> {
    const def = this.ctx.catalog.agent(agentId);
    const i = this.board.interaction(agentId);
    const d = i?.disposition;
    return {
      id: def.id, name: def.name, state: viewState(this.board.state(agentId)), at: new Date(this.ctx.clock.now()).toISOString(),
      phone: phoneStatus(this.ctx, def, this.ctx.clock.now()),
      interaction: i ? {
        kind: i.kind, id: i.id, serviceId: i.serviceId, phase: i.phase, since: new Date(i.since).toISOString(),
        callback: i.kind === 'callback' ? await this.callbackContext(i.id) : null,
        caller: i.caller ? callerView(this.ctx, i.caller) : null,
        disposition: d ? { code: d.code, notes: d.notes, at: new Date(d.at).toISOString() } : null,
      } : null,
    };
  }

  private async callbackContext(id: string): Promise<CallbackContextView | null> {
    return this.ctx.store.read(async (tx) => {
      const cb = await tx.callbacks.get(id);
      return cb ? contextView(this.ctx, cb, (await tx.attempts.forCallback(id)).map(renderAttempt)) : null;
    });
  }

  /** Records the disposition of the agent's last interaction and ends the wrap-up. */
  async disposition(agentId: string, code: string, notes: string | undefined): Promise<AgentView> {
    if (!this.ctx.catalog.dispositionCodes.includes(code)) {
      throw new HoldlessError('UNKNOWN_DISPOSITION_CODE', `Unknown disposition code '${code}'.`, { field: 'code', codes: this.ctx.catalog.dispositionCodes });
    }
    const i = this.board.interaction(agentId);
    const s = this.board.state(agentId);
    if (!i || (s.name !== 'WRAP_UP' && s.name !== 'ON_CALL')) {
      throw new HoldlessError('NO_INTERACTION', 'This agent has no call to set a disposition for.', { agentId, state: s.name });
    }
    if (i.disposition) {
      throw new HoldlessError('DISPOSITION_ALREADY_SAVED', `The disposition of this call is already saved (${i.disposition.code}).`, { agentId, savedCode: i.disposition.code });
    }
    const now = this.ctx.clock.now();
    // Marked before the write, so a second click while the first is being committed is refused too.
    this.board.setInteraction(agentId, { ...i, disposition: { code, notes: notes ?? null, at: now } });
    try {
      await this.ctx.store.write(async (tx) => await tx.events.append({
        at: now, type: 'DISPOSITION', agentId, serviceId: i.serviceId, callbackId: i.kind === 'callback' ? i.id : undefined,
        data: { code, notes: notes ?? null, entryId: i.id, kind: i.kind },
      }));
    } catch (e) {
      const cur = this.board.interaction(agentId);
      if (cur?.id === i.id) this.board.setInteraction(agentId, { ...cur, disposition: undefined });
      throw e;
    }
    if (s.name === 'WRAP_UP') {
      this.board.setInteraction(agentId, undefined);
      this.board.apply(agentId, { type: 'END_WRAP_UP' }, now);
      if (this.board.state(agentId).name === 'READY') this.dialer.dispatchFor(agentId, now);
    }
    return this.view(agentId);
  }

  acceptPreview(agentId: string): Promise<{ dialling: boolean; reason?: string }> {
    return this.dialer.acceptPreview(agentId);
  }

  hangup(agentId: string): Promise<{ hungUp: true }> {
    return hangupForAgent(this.board, this.dialer, agentId);
  }

  reschedule(agentId: string, slotStart: Instant): Promise<AgentReschedule> {
    return rescheduleForAgent(this.ctx, this.board, this.dialer, agentId, slotStart);
  }

  rejectPreview(agentId: string): Promise<AgentView> {
    this.dialer.rejectPreview(agentId);
    this.dialer.dispatch();
    return this.view(agentId);
  }
}

/**
 * Resolves once the event loop's current turn is over: a group commit scheduled in this turn
 * (sqlite: setImmediate, queued earlier) has run by then, and the dial that waited on it is issued.
 */
const afterThisTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function contextView(ctx: AppContext, cb: Callback, attempts: AttemptView[]): CallbackContextView {
  const subject = cb.subjectId !== undefined ? ctx.catalog.subjects.find((s) => s.id === cb.subjectId) : undefined;
  const formatted = describePhone(cb.phone);
  return {
    id: cb.id, serviceId: cb.serviceId, subjectId: cb.subjectId ?? null, subject: subject?.label ?? null, state: cb.state,
    customerId: cb.customerId ?? null, firstName: cb.firstName ?? null, lastName: cb.lastName ?? null,
    phone: cb.phone, phoneRedacted: redactPhone(cb.phone),
    phoneNational: formatted?.national ?? null, phoneCountry: formatted?.country ?? null, language: cb.language ?? null, notes: cb.notes ?? null,
    context: cb.context ?? {}, attempts, queuedSince: new Date(cb.queuedSince).toISOString(),
  };
}

/** Local midnight of `now` in the service's zone (for "today" counts). */
export function startOfLocalDay(zone: string, now: Instant): Instant {
  return localToInstant(zone, localDateOf(zone, now), '00:00');
}
