/**
 * The agents' live states. The in-memory state is authoritative for routing (changed synchronously,
 * so two dispatches never reserve the same agent); every change is also written to the agents
 * table with an AGENT_STATE event (group commit, not awaited by routing).
 */
import { HoldlessError } from '../../domain/errors.js';
import { loggedOut, transitionAgent, wrapUpDue, type AgentCommand, type AgentState } from '../../domain/agent-state.js';
import type { AgentDef, Instant } from '../../domain/model.js';
import type { CallerContext } from '../callins/caller-context.js';
import type { AppContext } from '../context.js';
import type { DomainEvent } from '../ports/store.js';

export interface Interaction {
  kind: 'callback' | 'call';
  id: string; // callback id or live entry id
  serviceId: string;
  phase: 'offered' | 'dialing' | 'ringing-agent' | 'connected' | 'wrap-up';
  since: Instant;
  /** A live caller who called in: the call-in request's context (names, notes, page, subject). */
  caller?: CallerContext;
  /** Set once the agent saved the disposition of this interaction (a second save is refused). */
  disposition?: { code: string; notes: string | null; at: Instant };
}

export type AgentEvent =
  | { type: 'state'; agentId: string; at: Instant; state: AgentStateView }
  | { type: 'offered' | 'connected' | 'ended' | 'withdrawn'; agentId: string; at: Instant; interaction: Interaction };

/** `pendingReason`: a Not Ready asked for during a call, applied when the call and its wrap-up end. */
export interface AgentStateView { name: AgentState['name']; since: string; reason: string | null; until: string | null; pendingReason: string | null }

export const viewState = (s: AgentState): AgentStateView => ({
  name: s.name,
  since: new Date(s.since).toISOString(),
  reason: s.name === 'NOT_READY' ? s.reason : ('pendingReason' in s ? s.pendingReason ?? null : null),
  until: s.name === 'WRAP_UP' ? new Date(s.until).toISOString() : null,
  pendingReason: 'pendingReason' in s ? s.pendingReason ?? null : null,
});

export interface ReadyAgentRef { agent: AgentDef; idleSince: Instant }

type Listener = (e: AgentEvent) => void;

interface Unwritten { state: AgentState; at: Instant; events: DomainEvent[] }
const NONE: readonly string[] = [];

export class AgentBoard {
  private readonly states = new Map<string, AgentState>();
  private readonly interactions = new Map<string, Interaction>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly readyListeners = new Set<(agentId: string) => void>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Per agent: the state write submitted to the store and not started yet (changes join it). */
  private readonly unwritten = new Map<string, Unwritten>();
  /** Commands applied here, counted, and the count at each agent's last one (load() keeps newer states). */
  private changes = 0;
  private readonly lastChange = new Map<string, number>();
  /** Bumped on every state change, so readers can cache what they derive from the states (QueueEngine.staffing). */
  version = 0;

  private readonly persistedListeners = new Set<(agentId: string) => void>();

  constructor(private readonly ctx: AppContext) {
    // Until load() restores them, every configured agent is LOGGED_OUT (EWT and routes work before start).
    const now = ctx.clock.now();
    for (const def of ctx.catalog.agents) this.states.set(def.id, loggedOut(now));
    this.version++;
  }

  /**
   * Restores persisted states. A busy state cannot outlive the process that held the call. At a
   * takeover agents keep working meanwhile: this node's own writes are committed before the read,
   * and an agent changed here while it ran keeps that newer state (an agent going Ready just then).
   */
  async load(now: Instant): Promise<void> {
    await this.settled();
    const mark = this.changes;
    const stored = new Map((await this.ctx.store.read(async (tx) => await tx.agents.all())).map((r) => [r.id, r]));
    for (const def of this.ctx.catalog.agents) {
      if ((this.lastChange.get(def.id) ?? 0) > mark) continue;
      const rec = stored.get(def.id);
      let state: AgentState = loggedOut(now);
      if (rec?.detail) {
        const s = JSON.parse(rec.detail) as AgentState;
        if (s.name === 'READY' || s.name === 'NOT_READY' || s.name === 'LOGGED_OUT') state = s;
        else state = { name: 'NOT_READY', since: now, reason: 'LOGIN' };
      }
      this.states.set(def.id, state);
      this.version++;
      if (!rec || rec.detail !== JSON.stringify(state)) this.persist(def.id, state, now, 'LOAD');
    }
  }

  ids(): string[] {
    return [...this.states.keys()];
  }

  def(id: string): AgentDef {
    return this.ctx.catalog.agent(id);
  }

  state(id: string): AgentState {
    const s = this.states.get(id);
    if (!s) throw new HoldlessError('AGENT_NOT_FOUND', `Unknown agent '${id}'.`, { id });
    return s;
  }

  interaction(id: string): Interaction | undefined {
    return this.interactions.get(id);
  }

  setInteraction(agentId: string, i: Interaction | undefined): void {
    if (i) this.interactions.set(agentId, i);
    else this.interactions.delete(agentId);
  }

  /** Applies a command or throws HoldlessError (ILLEGAL_AGENT_TRANSITION, UNKNOWN_REASON_CODE). */
  apply(agentId: string, cmd: AgentCommand, now: Instant, wrapUpSeconds = 0): AgentState {
    const from = this.state(agentId);
    const r = transitionAgent(from, cmd, { now, reasonCodes: this.ctx.catalog.reasonCodes, wrapUpSeconds });
    if (!r.ok) throw new HoldlessError(r.code, r.message, { agentId, from: r.from, command: r.command });
    if (r.state === from) return from;
    this.states.set(agentId, r.state);
    this.lastChange.set(agentId, ++this.changes);
    this.version++;
    this.persist(agentId, r.state, now, cmd.type);
    this.emit({ type: 'state', agentId, at: now, state: viewState(r.state) });
    if (r.state.name === 'READY' && from.name !== 'READY') for (const l of this.readyListeners) l(agentId);
    return r.state;
  }

  /** READY agents, longest idle first (ties by id). */
  readyAgents(): ReadyAgentRef[] {
    const out: ReadyAgentRef[] = [];
    for (const [id, s] of this.states) if (s.name === 'READY') out.push({ agent: this.def(id), idleSince: s.since });
    return out.sort((a, b) => a.idleSince - b.idleSince || (a.agent.id < b.agent.id ? -1 : 1));
  }

  countByState(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.states.values()) out[s.name] = (out[s.name] ?? 0) + 1;
    return out;
  }

  all(): [string, AgentState][] {
    return [...this.states];
  }

  /** Agents whose wrap-up has ended by `now` (the housekeeping tick asks every second: no copy of the board). */
  wrapUpsDue(now: Instant): readonly string[] {
    let due: string[] | undefined;
    for (const [id, s] of this.states) if (wrapUpDue(s, now)) (due ??= []).push(id);
    return due ?? NONE;
  }

  /**
   * The state another node (the dispatcher of a cluster) committed for this agent: taken over
   * as it is, not persisted again, so this node's EWT and staffing count the same agents.
   */
  adopt(agentId: string, s: AgentState, now: Instant): void {
    if (!this.states.has(agentId)) return;
    this.states.set(agentId, s);
    this.version++; // staffing caches (QueueEngine) count again
    this.emit({ type: 'state', agentId, at: now, state: viewState(s) });
  }

  /** Told after this node committed an agent's new state (the other nodes of a cluster follow it). */
  onPersisted(fn: (agentId: string) => void): void {
    this.persistedListeners.add(fn);
  }

  onReady(fn: (agentId: string) => void): void {
    this.readyListeners.add(fn);
  }

  subscribe(agentId: string, fn: Listener): () => void {
    let set = this.listeners.get(agentId);
    if (!set) this.listeners.set(agentId, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  emit(e: AgentEvent): void {
    for (const l of this.listeners.get(e.agentId) ?? []) l(e);
  }

  /** Resolves when every state write so far is committed (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /**
   * The agent's row and an AGENT_STATE event, in a write of the group commit. Changes made before
   * that write has started join it (READY then RESERVED by the dispatch in the same turn: one
   * write with both events and the final row, so the batch that commits the claim is shorter).
   */
  private persist(agentId: string, s: AgentState, now: Instant, command: string): void {
    const event = { at: now, type: 'AGENT_STATE', agentId, toState: s.name, data: { command, reason: s.name === 'NOT_READY' ? s.reason : null } };
    const waiting = this.unwritten.get(agentId);
    if (waiting) {
      waiting.state = s;
      waiting.at = now;
      waiting.events.push(event);
      return;
    }
    const entry: Unwritten = { state: s, at: now, events: [event] };
    this.unwritten.set(agentId, entry);
    const p = this.ctx.store.write(async (tx) => {
      // From here on this write's content is fixed: a later change starts a write of its own.
      if (this.unwritten.get(agentId) === entry) this.unwritten.delete(agentId);
      const st = entry.state;
      const entryId = 'entryId' in st ? st.entryId : undefined;
      await tx.agents.put({
        id: agentId, state: st.name, reason: st.name === 'NOT_READY' ? st.reason : undefined, since: st.since,
        callbackId: entryId, detail: JSON.stringify(st), updatedAt: entry.at,
      });
      for (const e of entry.events) await tx.events.append(e);
    });
    this.pending.add(p);
    void p.then(() => { for (const l of this.persistedListeners) l(agentId); }, () => undefined);
    void p.catch(() => undefined).finally(() => this.pending.delete(p));
  }
}
