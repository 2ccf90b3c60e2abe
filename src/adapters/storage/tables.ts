/** Typed tables (kysely), shared by both adapters. Instants are epoch-ms integers (INTEGER in SQLite, BIGINT in PostgreSQL); JSON columns are TEXT. */
import type { Generated } from 'kysely';

export interface CallbacksTable {
  id: string;
  service_id: string;
  subject_id: string | null;
  phone: string;
  state: string;
  reason: string | null;
  channel: string;
  queued_since: number;
  priority: number;
  slot_start: number | null;
  desired_time: number | null;
  due_at: number;
  expires_at: number;
  attempts: number;
  agent_id: string | null;
  first_name: string | null;
  last_name: string | null;
  customer_id: string | null;
  language: string | null;
  notes: string | null;
  context: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface AttemptsTable {
  callback_id: string;
  number: number;
  call_id: string;
  agent_id: string | null;
  claimed_at: number;
  lease_until: number;
  ended_at: number | null;
  outcome: string | null;
  sip_code: number | null;
  detail: string | null;
}

export interface EventsTable {
  seq: Generated<number>;
  at: number;
  type: string;
  callback_id: string | null;
  service_id: string | null;
  agent_id: string | null;
  from_state: string | null;
  to_state: string | null;
  data: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  status: number;
  response: string;
  callback_id: string | null;
  created_at: number;
}

export interface SlotBookingsTable {
  service_id: string;
  slot_start: number;
  booked: number;
}

export interface AgentsTable {
  id: string;
  state: string;
  reason: string | null;
  since: number;
  callback_id: string | null;
  updated_at: number;
  detail: string | null; // migration 002
}

export interface PhoneBindingsTable {
  agent_id: string;
  contact: string;
  expires_at: number;
  call_id: string;
  cseq: number;
  source: string;
  user_agent: string | null;
  updated_at: number;
}

export interface SchemaMigrationsTable {
  id: string;
  applied_at: number;
}

/** Migration 006: the notifier's cursor over the event log, its deliveries, and spent CAPTCHA challenges. */
export interface OutboxCursorTable { name: string; seq: number }
export interface DeliveriesTable {
  id: string;
  kind: string;
  event_seq: number;
  callback_id: string | null;
  service_id: string | null;
  target: string;
  payload: string;
  state: string;
  tries: number;
  next_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}
export interface CaptchaSpentTable { signature: string; expires_at: number }

export interface Tables {
  callbacks: CallbacksTable;
  attempts: AttemptsTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  slot_bookings: SlotBookingsTable;
  agents: AgentsTable;
  schema_migrations: SchemaMigrationsTable;
  outbox_cursor: OutboxCursorTable;
  deliveries: DeliveriesTable;
  captcha_spent: CaptchaSpentTable;
  settings: SettingsTable;
  phone_bindings: PhoneBindingsTable; // migration 004
  call_ins: CallInsTable; // migration 005
  callback_push: CallbackPushTable; // migration 005
  cluster_state: ClusterStateTable; // migration 007
}

export interface ClusterStateTable {
  id: number;
  epoch: number;
  node_id: string | null;
  url: string | null;
  since: number | null;
}

export interface CallInsTable {
  id: string;
  service_id: string;
  subject_id: string | null;
  callback_id: string | null;
  origin: string;
  phone: string | null;
  access_code: string;
  state: string;
  queued_since: number;
  expires_at: number;
  /** JSON: the request's names, customer id, language, notes and context. */
  context: string | null;
  created_at: number;
  used_at: number | null;
  used_by: string | null;
}

export interface CallbackPushTable {
  callback_id: string;
  target: string; // JSON PushTarget
  snoozes: number;
  created_at: number;
}

/** Server-side values that must survive restarts and be shared by every process over the file (e.g. token secrets). */
export interface SettingsTable {
  key: string;
  value: string;
}
