/** Domain words from DESIGN.md, as types. Times are UTC epoch milliseconds unless named otherwise. */

export type Instant = number; // UTC epoch ms

export const CALLBACK_STATES = [
  'SCHEDULED', 'QUEUED', 'DIALING', 'CONFIRMING', 'WAITING_AGENT', 'CONNECTED', 'COMPLETED',
  'RETRY_WAIT', 'CANCELLED', 'FAILED', 'EXPIRED',
  // Call-in (delayed): "your callback is ready" was pushed; then the app accepted and the caller is to dial in.
  'PUSHED', 'AWAITING_CALL_IN',
] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

export const TERMINAL_STATES: readonly CallbackState[] = ['COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED'];
export const OPEN_STATES: readonly CallbackState[] = CALLBACK_STATES.filter((s) => !TERMINAL_STATES.includes(s));

export const ATTEMPT_OUTCOMES = [
  'PERSON', 'NO_CONFIRM', 'BUSY', 'NO_ANSWER', 'ANSWERING_MACHINE', 'FAX', 'SIT', 'REJECTED',
  'INVALID_NUMBER', 'NETWORK_ERROR', 'UNKNOWN',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const DIAL_MODES = ['reserved', 'unreserved', 'preview'] as const;
export type DialMode = (typeof DIAL_MODES)[number];

export type Channel = 'web' | 'api' | 'ivr' | 'agent' | 'admin';

export interface CallbackRequestContext {
  firstName?: string;
  lastName?: string;
  customerId?: string;
  language?: string;
  notes?: string;
  context?: Record<string, string>;
}

export interface Callback extends CallbackRequestContext {
  id: string;
  serviceId: string;
  subjectId?: string;
  phone: string; // E.164
  state: CallbackState;
  reason?: string; // terminal reason, or the reason of the last change
  channel: Channel;
  /** Place in line: original arrival time (for IVR callbacks, when the caller entered the queue). */
  queuedSince: Instant;
  priority: number;
  /** Scheduled callbacks: the chosen slot start; ASAP: undefined. */
  slotStart?: Instant;
  desiredTime?: Instant;
  /** When the callback is due to be worked next (slot start, retry time). */
  dueAt: Instant;
  expiresAt: Instant;
  attempts: number;
  /** Agent reserved for or connected to this callback, if any. */
  agentId?: string;
  createdAt: Instant;
  updatedAt: Instant;
  version: number;
}

export interface Attempt {
  callbackId: string;
  number: number; // 1-based
  callId: string; // chosen before the INVITE
  agentId?: string;
  claimedAt: Instant;
  leaseUntil: Instant;
  endedAt?: Instant;
  outcome?: AttemptOutcome;
  sipCode?: number;
  detail?: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "HH:MM" local wall-clock times, from inclusive, to exclusive; "24:00" allowed as an end. */
export interface OpenInterval { from: string; to: string }

export interface CalendarDef {
  id: string;
  timezone: string; // IANA
  weekly: Partial<Record<Weekday, OpenInterval[]>>;
  holidays: { date: string; name?: string }[]; // YYYY-MM-DD local
  specialDays: { date: string; name?: string; hours: OpenInterval[] }[];
}

export interface CapacityOverride { days?: Weekday[]; from?: string; to?: string; date?: string; capacity: number }

export interface RetryRule { retry?: boolean; intervalMinutes?: number }
export interface RetryPolicy {
  maxAttempts: number;
  intervalMinutes: number;
  perOutcome: Partial<Record<AttemptOutcome, RetryRule>>;
}

export interface SkillRequirement { skill: string; minLevel: number }
export interface SkillExpansionStep { afterSeconds: number; minLevel?: number; anyAgent?: boolean; group?: string }
export interface SkillExpression {
  allOf: SkillRequirement[];
  anyOf: SkillRequirement[];
  expansion: SkillExpansionStep[];
}

export interface OfferPolicy { autoTransferBelowSeconds: number; upperPlaybackSeconds: number }

/** Click-To-Call-In per service (issue 8): the number to dial, access codes, push answers. */
export interface CallInPolicy {
  /** E.164 number callers dial for this service's call-ins; absent = call-in not offered. */
  number?: string;
  codeLength: number;
  codeLifetimeMinutes: number;
  /** A matched caller keeps the place in line of the request (else: a normal arrival). */
  keepPlace: boolean;
  /** The seeds' "Pushed Callback Expiry Time": no answer to "your callback is ready" → EXPIRED. */
  pushedExpiryMinutes: number;
  snoozeMinutes: number;
  maxSnoozes: number;
  /** Last attempt reached an answering machine: leave the call-in number and a fresh code. */
  voicemailMessage: boolean;
  voicemailKeepMinutes: number;
}

export interface ServiceDef {
  id: string;
  name: string;
  skills: SkillExpression;
  calendarId: string;
  slotMinutes: 15 | 30 | 60;
  capacity: { default: number; overrides: CapacityOverride[] };
  retry: RetryPolicy;
  purgeAfterMinutes: number;
  expireAtEndOfDay: boolean;
  dialMode: DialMode;
  offer: OfferPolicy;
  callerId: string;
  /** The service line for people (shown by the widget where callbacks are unavailable). */
  phoneNumber?: string;
  /** Display name sent with the caller id (From, and P-Asserted-Identity where the trunk asserts it). */
  callerName?: string;
  priority: number;
  language: string;
  defaultCountry: string;
  /** Scheduled callbacks enter the queue this long before their slot starts. */
  leadMinutes: number;
  /** Maximum days ahead a slot may be booked. */
  horizonDays: number;
  initialHandleSeconds: number;
  ringTimeoutSeconds: number;
  wrapUpSeconds: number;
  /** Absent in hand-built test services: the defaults of callInPolicy() apply. */
  callIn?: CallInPolicy;
  /** Per-service abuse rules over the global `rules:` (absent = the global ones). */
  rules?: ServiceRules;
}

export interface SubjectDef { id: string; label: string; serviceId: string; extraSkills: SkillRequirement[] }

/** An agent's desk phone that registers with digest auth: the username and HA1 (never the password). */
export interface AgentPhoneDef { username: string; ha1?: string; ha1Sha256?: string }

export interface AgentDef {
  id: string; name: string; sip: string; skills: Record<string, number>; groups: string[];
  /** When set, the phone must register: agent legs ring its registered contact, not `sip`. */
  phone?: AgentPhoneDef;
}

export const AGENT_STATES = ['LOGGED_OUT', 'NOT_READY', 'READY', 'RESERVED', 'ON_CALL', 'WRAP_UP'] as const;
export type AgentStateName = (typeof AGENT_STATES)[number];

export interface NumberRules {
  maxOpenPerNumberPerService: number;
  maxRequestsPerNumberPer24h: number;
  perIpRequestsPerMinute: number;
  allowedCountries: string[]; // ISO 3166-1 alpha-2; empty = any
  blockedPatterns: string[]; // regexes against the +E.164 form
  callingWindow: OpenInterval; // in the customer's zone when known
  /** Requests per number within a time frame; absent = maxRequestsPerNumberPer24h per 24 h. */
  requestsPerNumber?: { count: number; windowMinutes: number };
  /** Requests a service takes per window across all numbers; absent = no throttle. */
  serviceThrottle?: { requests: number; windowMinutes: number };
  /** Premium-rate / shared-cost numbers are refused unless set to false (absent = refused). */
  blockPremium?: boolean;
  blockSharedCost?: boolean;
}

/** What a service may override of the global rules (issue 11 part 3); the rest stays global. */
export type ServiceRules = Partial<Pick<NumberRules,
  'maxOpenPerNumberPerService' | 'maxRequestsPerNumberPer24h' | 'requestsPerNumber' | 'serviceThrottle'
  | 'allowedCountries' | 'blockedPatterns' | 'blockPremium' | 'blockSharedCost'>>;
