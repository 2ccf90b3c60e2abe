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
  get(id: string): Callback | undefined;
  insert(cb: Callback): void;
  /** Optimistic update: succeeds only when the stored version is cb.version - 1. */
  update(cb: Callback): boolean;
  countOpenForPhone(serviceId: string, phone: string): number;
  countCreatedForPhoneSince(phone: string, since: Instant): number;
  /** Callbacks of a service created since `since`, and the oldest creation among them (service throttle). */
  createdForServiceSince(serviceId: string, since: Instant): { count: number; oldest: Instant | undefined };
  /** Open callbacks of a service ahead of (queuedSince, priority) in line. */
  countAhead(serviceId: string, priority: number, queuedSince: Instant, id: string): number;
  list(filter: CallbackFilter): Callback[];
  /** Callbacks whose dueAt has come, in the given states, oldest first. */
  due(states: CallbackState[], now: Instant, limit: number): Callback[];
}

export interface SlotRepo {
  booked(serviceId: string, slotStart: Instant): number;
  bookedBetween(serviceId: string, from: Instant, to: Instant): Map<Instant, number>;
  adjust(serviceId: string, slotStart: Instant, delta: number): void;
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
  get(scope: string, key: string): IdempotencyRecord | undefined;
  put(rec: IdempotencyRecord): void;
  purgeBefore(t: Instant): number;
}

export interface AttemptRepo {
  insert(a: Attempt): void;
  update(a: Attempt): void;
  forCallback(callbackId: string): Attempt[];
  /** Claims whose lease ran out without an outcome (crash reconciliation). */
  expiredOpen(now: Instant): Attempt[];
}

export interface EventLog {
  append(e: DomainEvent): void;
  forCallback(callbackId: string): StoredEvent[];
  between(from: Instant, to: Instant, afterSeq?: number, limit?: number): StoredEvent[];
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
  get(id: string): AgentRecord | undefined;
  all(): AgentRecord[];
  put(rec: AgentRecord): void;
}

/** Queries of the queue engine and dialer that the callback repo does not answer. */
export interface QueueRepo {
  /** Callbacks in `states` whose expiresAt has come, oldest first. */
  expiring(states: CallbackState[], now: Instant, limit: number): Callback[];
  /** Attempts without an outcome (claims in flight or left by a dead process). */
  openAttempts(): Attempt[];
  countByState(states: CallbackState[]): { serviceId: string; state: CallbackState; n: number }[];
  scheduledBySlot(): { serviceId: string; slotStart: Instant; n: number }[];
  /** Callbacks that reached `states` at or after `from`, by service (from the event log). */
  reachedSince(states: CallbackState[], from: Instant): { serviceId: string; state: CallbackState; n: number }[];
  countEventsSince(type: string, from: Instant): { serviceId: string; n: number }[];
}

/** Small persisted server settings (generated secrets and the like). */
export interface SettingsRepo {
  get(key: string): string | undefined;
  /** Stores `value` unless the key exists; returns the stored value either way (first writer wins). */
  putIfAbsent(key: string, value: string): string;
}

/** Registered contacts of agent phones (durable: a restart does not forget who is registered). */
export interface PhoneBindingRepo {
  forAgent(agentId: string): PhoneBinding[];
  all(): PhoneBinding[];
  put(b: PhoneBinding): void;
  remove(agentId: string, contact: string): void;
  removeAll(agentId: string): void;
  /** Drops bindings that expired before `now`; returns how many. */
  purgeExpired(now: Instant): number;
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
}

export interface Store {
  /** Runs `work` in a committed transaction (group commit); resolves after the commit. */
  write<T>(work: (tx: Tx) => T): Promise<T>;
  /** Synchronous read on the latest committed state. */
  read<T>(work: (tx: Tx) => T): T;
  /** Is the database usable? (for /readyz) */
  healthy(): boolean;
  close(): void;
}
