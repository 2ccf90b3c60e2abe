/**
 * Row ⇄ domain mappers for the shared tables (tables.ts). Both adapters store the same columns,
 * so the mapping is written once; the PostgreSQL adapter uses these (the SQLite one has its own
 * copies, kept inline next to its prepared queries).
 */
import type { Selectable } from 'kysely';
import type { Attempt, AttemptOutcome, Callback, CallbackState, Channel } from '../../domain/model.js';
import type { CallIn, CallInOrigin, CallInState } from '../../domain/call-in.js';
import type { PhoneBinding } from '../../domain/sip/registration.js';
import type { AgentRecord, DomainEvent, IdempotencyRecord, StoredEvent } from '../../app/ports/store.js';
import type { Delivery, DeliveryKind, DeliveryState } from '../../app/ports/outbox.js';
import type {
  AgentsTable, AttemptsTable, CallbacksTable, CallInsTable, DeliveriesTable, EventsTable, IdempotencyKeysTable, PhoneBindingsTable,
} from './tables.js';

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export type CallbackRow = Selectable<CallbacksTable>;

export const toCallback = (r: CallbackRow): Callback => ({
  id: r.id, serviceId: r.service_id, subjectId: opt(r.subject_id), phone: r.phone, state: r.state as CallbackState,
  reason: opt(r.reason), channel: r.channel as Channel, queuedSince: r.queued_since, priority: r.priority,
  slotStart: opt(r.slot_start), desiredTime: opt(r.desired_time), dueAt: r.due_at, expiresAt: r.expires_at,
  attempts: r.attempts, agentId: opt(r.agent_id), firstName: opt(r.first_name), lastName: opt(r.last_name),
  customerId: opt(r.customer_id), language: opt(r.language), notes: opt(r.notes),
  context: r.context ? (JSON.parse(r.context) as Record<string, string>) : undefined,
  createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
});

export const callbackRow = (c: Callback): CallbackRow => ({
  id: c.id, service_id: c.serviceId, subject_id: c.subjectId ?? null, phone: c.phone, state: c.state,
  reason: c.reason ?? null, channel: c.channel, queued_since: c.queuedSince, priority: c.priority,
  slot_start: c.slotStart ?? null, desired_time: c.desiredTime ?? null, due_at: c.dueAt, expires_at: c.expiresAt,
  attempts: c.attempts, agent_id: c.agentId ?? null, first_name: c.firstName ?? null, last_name: c.lastName ?? null,
  customer_id: c.customerId ?? null, language: c.language ?? null, notes: c.notes ?? null,
  context: c.context ? JSON.stringify(c.context) : null, created_at: c.createdAt, updated_at: c.updatedAt, version: c.version,
});

export const toAttempt = (r: AttemptsTable): Attempt => ({
  callbackId: r.callback_id, number: r.number, callId: r.call_id, agentId: opt(r.agent_id),
  claimedAt: r.claimed_at, leaseUntil: r.lease_until, endedAt: opt(r.ended_at),
  outcome: opt(r.outcome) as AttemptOutcome | undefined, sipCode: opt(r.sip_code), detail: opt(r.detail),
});

export const attemptRow = (a: Attempt): AttemptsTable => ({
  callback_id: a.callbackId, number: a.number, call_id: a.callId, agent_id: a.agentId ?? null,
  claimed_at: a.claimedAt, lease_until: a.leaseUntil, ended_at: a.endedAt ?? null, outcome: a.outcome ?? null,
  sip_code: a.sipCode ?? null, detail: a.detail ?? null,
});

export type EventRow = Selectable<EventsTable>;

export const toEvent = (r: EventRow): StoredEvent => ({
  seq: r.seq, at: r.at, type: r.type, callbackId: opt(r.callback_id), serviceId: opt(r.service_id),
  agentId: opt(r.agent_id), fromState: opt(r.from_state), toState: opt(r.to_state),
  data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : undefined,
});

export const eventRow = (e: DomainEvent): Omit<EventRow, 'seq'> => ({
  at: e.at, type: e.type, callback_id: e.callbackId ?? null, service_id: e.serviceId ?? null, agent_id: e.agentId ?? null,
  from_state: e.fromState ?? null, to_state: e.toState ?? null, data: e.data ? JSON.stringify(e.data) : null,
});

export const toIdempotency = (r: IdempotencyKeysTable): IdempotencyRecord => ({
  scope: r.scope, key: r.key, fingerprint: r.fingerprint, status: r.status, response: r.response,
  callbackId: opt(r.callback_id), createdAt: r.created_at,
});

export const idempotencyRow = (rec: IdempotencyRecord): IdempotencyKeysTable => ({
  scope: rec.scope, key: rec.key, fingerprint: rec.fingerprint, status: rec.status, response: rec.response,
  callback_id: rec.callbackId ?? null, created_at: rec.createdAt,
});

export const toAgent = (r: AgentsTable): AgentRecord => ({
  id: r.id, state: r.state, reason: opt(r.reason), since: r.since, callbackId: opt(r.callback_id),
  detail: opt(r.detail), updatedAt: r.updated_at,
});

export const agentRow = (a: AgentRecord): AgentsTable => ({
  id: a.id, state: a.state, reason: a.reason ?? null, since: a.since, callback_id: a.callbackId ?? null,
  detail: a.detail ?? null, updated_at: a.updatedAt,
});

export const toCallIn = (r: CallInsTable): CallIn => {
  const extra = r.context ? (JSON.parse(r.context) as Partial<CallIn>) : {};
  return {
    ...extra,
    id: r.id, serviceId: r.service_id, subjectId: opt(r.subject_id), callbackId: opt(r.callback_id),
    origin: r.origin as CallInOrigin, phone: opt(r.phone), accessCode: r.access_code, state: r.state as CallInState,
    queuedSince: r.queued_since, expiresAt: r.expires_at, createdAt: r.created_at, usedAt: opt(r.used_at), usedBy: opt(r.used_by),
  };
};

export const callInRow = (c: CallIn): CallInsTable => {
  const context = { firstName: c.firstName, lastName: c.lastName, customerId: c.customerId, language: c.language, notes: c.notes, context: c.context };
  const hasContext = Object.values(context).some((v) => v !== undefined);
  return {
    id: c.id, service_id: c.serviceId, subject_id: c.subjectId ?? null, callback_id: c.callbackId ?? null, origin: c.origin,
    phone: c.phone ?? null, access_code: c.accessCode, state: c.state, queued_since: c.queuedSince, expires_at: c.expiresAt,
    context: hasContext ? JSON.stringify(context) : null, created_at: c.createdAt, used_at: c.usedAt ?? null, used_by: c.usedBy ?? null,
  };
};

export const toDelivery = (r: DeliveriesTable): Delivery => ({
  id: r.id, kind: r.kind as DeliveryKind, eventSeq: r.event_seq, callbackId: opt(r.callback_id),
  serviceId: opt(r.service_id), target: r.target, payload: r.payload, state: r.state as DeliveryState,
  tries: r.tries, nextAt: r.next_at, lastError: opt(r.last_error), createdAt: r.created_at, updatedAt: r.updated_at,
});

export const deliveryRow = (d: Delivery): DeliveriesTable => ({
  id: d.id, kind: d.kind, event_seq: d.eventSeq, callback_id: d.callbackId ?? null, service_id: d.serviceId ?? null,
  target: d.target, payload: d.payload, state: d.state, tries: d.tries, next_at: d.nextAt, last_error: d.lastError ?? null,
  created_at: d.createdAt, updated_at: d.updatedAt,
});

export const toBinding = (r: PhoneBindingsTable): PhoneBinding => ({
  agentId: r.agent_id, contact: r.contact, expiresAt: r.expires_at, callId: r.call_id, cseq: r.cseq,
  source: r.source, userAgent: opt(r.user_agent), updatedAt: r.updated_at,
});
