import type { Attempt, Callback, CallbackState, Instant } from '../../domain/model.js';
import type { CaptchaRepo, OutboxRepo } from './outbox.js';
import type { CallInRepo } from './call-in-repo.js';
import type { PhoneBinding } from '../../domain/sip/registration.js';

/** An entry of the append-only event log (DESIGN.md invariant 5). */
export interface DomainEvent {
  at: Instant;
  type: string; // e.g. CALLBACK_CREATED, CALLBACK_STATE, ATTEMPT_CLAIMED, ATTEMPT_ENDED, AGENT_STATE
  callbackId?: string;
  serviceId?: string;
  agentId?: string;
  fromState?: string;
  toState?: string;
  data?: Record<string, unknown>;
}
export interface StoredEvent extends DomainEvent { seq: number }

export interface CallbackFilter {
  serviceId?: string;
  states?: CallbackState[];
  phone?: string;
  createdFrom?: Instant;
  createdTo?: Instant;
  afterId?: string; // keyset paging by id
  limit: number;
}

export interface CallbackRepo {
  get(id: string): Promise<Callback | undefined>;
  insert(cb: Callback): Promise<void>;
  /** Optimistic update: succeeds only when the stored version is cb.version - 1. */
  update(cb: Callback): Promise<boolean>;
  countOpenForPhone(serviceId: string, phone: string): Promise<number>;
  countCreatedForPhoneSince(phone: string, since: Instant): Promise<number>;
  /** Callbacks of a service created since `since`, and the oldest creation among them (service throttle). */
  createdForServiceSince(serviceId: string, since: Instant): Promise<{ count: number; oldest: Instant | undefined }>;
  /** Open callbacks of a service ahead of (queuedSince, priority) in line. */
  countAhead(serviceId: string, priority: number, queuedSince: Instant, id: string): Promise<number>;
  list(filter: CallbackFilter): Promise<Callback[]>;
  /** Callbacks whose dueAt has come, in the given states, oldest first. */
  due(states: CallbackState[], now: Instant, limit: number): Promise<Callback[]>;
}

export interface SlotRepo {
  booked(serviceId: string, slotStart: Instant): Promise<number>;
  bookedBetween(serviceId: string, from: Instant, to: Instant): Promise<Map<Instant, number>>;
  adjust(serviceId: string, slotStart: Instant, delta: number): Promise<void>;
}

export interface IdempotencyRecord {
  scope: string;
  key: string;
  fingerprint: string;
  status: number;
  response: string;
  callbackId?: string;
  createdAt: Instant;
}
export interface IdempotencyRepo {
  get(scope: string, key: string): Promise<IdempotencyRecord | undefined>;
  put(rec: IdempotencyRecord): Promise<void>;
  purgeBefore(t: Instant): Promise<number>;
}

export interface AttemptRepo {
  insert(a: Attempt): Promise<void>;
  update(a: Attempt): Promise<void>;
  forCallback(callbackId: string): Promise<Attempt[]>;
  /** Claims whose lease ran out without an outcome (crash reconciliation). */
  expiredOpen(now: Instant): Promise<Attempt[]>;
}

export interface EventLog {
  append(e: DomainEvent): Promise<void>;
  forCallback(callbackId: string): Promise<StoredEvent[]>;
  between(from: Instant, to: Instant, afterSeq?: number, limit?: number): Promise<StoredEvent[]>;
}

/** Persisted agent state (the agents table); `detail` holds the full state machine value as JSON. */
export interface AgentRecord {
  id: string;
  state: string;
  reason?: string;
  since: Instant;
  callbackId?: string;
  detail?: string;
  updatedAt: Instant;
}
export interface AgentRepo {
  get(id: string): Promise<AgentRecord | undefined>;
  all(): Promise<AgentRecord[]>;
  put(rec: AgentRecord): Promise<void>;
}

/** Queries of the queue engine and dialer that the callback repo does not answer. */
export interface QueueRepo {
  /** Callbacks in `states` whose expiresAt has come, oldest first. */
  expiring(states: CallbackState[], now: Instant, limit: number): Promise<Callback[]>;
  /** Attempts without an outcome (claims in flight or left by a dead process). */
  openAttempts(): Promise<Attempt[]>;
  countByState(states: CallbackState[]): Promise<{ serviceId: string; state: CallbackState; n: number }[]>;
  /** Attempts by outcome; open attempts (no outcome yet) as 'open' (metrics). */
  attemptsByOutcome(): Promise<{ outcome: string; n: number }[]>;
  scheduledBySlot(): Promise<{ serviceId: string; slotStart: Instant; n: number }[]>;
  /** Callbacks that reached `states` at or after `from`, by service (from the event log). */
  reachedSince(states: CallbackState[], from: Instant): Promise<{ serviceId: string; state: CallbackState; n: number }[]>;
  countEventsSince(type: string, from: Instant): Promise<{ serviceId: string; n: number }[]>;
}

/** Small persisted server settings (generated secrets and the like). */
export interface SettingsRepo {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; returns the stored value either way (first writer wins). */
  putIfAbsent(key: string, value: string): Promise<string>;
}

/** Registered contacts of agent phones (durable: a restart does not forget who is registered). */
export interface PhoneBindingRepo {
  forAgent(agentId: string): Promise<PhoneBinding[]>;
  all(): Promise<PhoneBinding[]>;
  put(b: PhoneBinding): Promise<void>;
  remove(agentId: string, contact: string): Promise<void>;
  removeAll(agentId: string): Promise<void>;
  /** Drops bindings that expired before `now`; returns how many. */
  purgeExpired(now: Instant): Promise<number>;
}

/** The dispatcher's fencing epoch (issue 9: several nodes, one dispatcher). */
export interface ClusterRepo {
  /**
   * Inside a write: refuses (HoldlessError NOT_DISPATCHER) unless the stored epoch is `epoch`, and
   * keeps it from changing until this transaction ends, so a dispatcher that lost its role cannot
   * commit a claim after its successor took over.
   */
  fence(epoch: number): Promise<void>;
}

export interface Tx {
  callbacks: CallbackRepo;
  slots: SlotRepo;
  idempotency: IdempotencyRepo;
  attempts: AttemptRepo;
  events: EventLog;
  agents: AgentRepo;
  queue: QueueRepo;
  /** The notifier's cursor and deliveries (issue 8). */
  outbox: OutboxRepo;
  captchas: CaptchaRepo;
  settings: SettingsRepo;
  /** Call-in access codes and the push targets of call-in (delayed) callbacks (issue 8). */
  callIns: CallInRepo;
  phoneBindings: PhoneBindingRepo;
  cluster: ClusterRepo;
}

/**
 * A repository as an adapter may implement it when its driver is synchronous (better-sqlite3):
 * the same methods returning plain values. The port itself is asynchronous, because PostgreSQL is.
 */
export type Synchronous<R> = { [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => T : R[K] };

/** Every repository of a transaction, synchronous (see Synchronous). */
export type SynchronousTx = { [K in keyof Tx]: Synchronous<Tx[K]> };

/** Why the store refused work: the database is unreachable (503 STORAGE_UNAVAILABLE above the port). */
export const STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE';

export interface Store {
  /** Which adapter this is ('sqlite' | 'postgres'): for health and metrics only, never for logic. */
  readonly driver: string;
  /**
   * Runs `work` in a committed transaction (group commit: writes arriving together share one
   * commit, each in its own savepoint); resolves after the COMMIT. `work` must await every call on
   * `tx` and nothing else slow: the batch waits for it.
   */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Read on the latest committed state (never sees a write that is not committed yet). */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Is the database usable? (for /readyz) */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
