/** Rows for the contract tests: every optional field set, so a lost column shows. */
import type { Attempt, Callback } from '../../src/domain/model.js';
import type { CallIn } from '../../src/domain/call-in.js';
import type { Delivery } from '../../src/app/ports/outbox.js';

export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z: instants beyond 2^31 (BIGINT, not INTEGER)

export const callback = (id: string, over: Partial<Callback> = {}): Callback => ({
  id, serviceId: 'sales', subjectId: 'billing', phone: '+4930123456', state: 'QUEUED', reason: 'new', channel: 'web',
  queuedSince: T0, priority: 0, slotStart: T0 + 3_600_000, desiredTime: T0 + 3_500_000, dueAt: T0, expiresAt: T0 + 86_400_000,
  attempts: 0, agentId: 'ann', firstName: 'Eva', lastName: 'Lang', customerId: 'C-1', language: 'de', notes: 'call after 5',
  context: { page: '/pricing' }, createdAt: T0, updatedAt: T0, version: 1, ...over,
});

export const attempt = (callbackId: string, number: number, over: Partial<Attempt> = {}): Attempt => ({
  callbackId, number, callId: `${callbackId}-call-${number}`, agentId: 'ann', claimedAt: T0, leaseUntil: T0 + 60_000,
  endedAt: T0 + 30_000, outcome: 'BUSY', sipCode: 486, detail: 'busy here', ...over,
});

export const callIn = (id: string, over: Partial<CallIn> = {}): CallIn => ({
  id, serviceId: 'sales', subjectId: 'billing', origin: 'request', phone: '+4930999', accessCode: '1234', state: 'LIVE',
  queuedSince: T0, expiresAt: T0 + 600_000, createdAt: T0, firstName: 'Eva', language: 'de', context: { k: 'v' }, ...over,
} as CallIn);

export const delivery = (id: string, over: Partial<Delivery> = {}): Delivery => ({
  id, kind: 'webhook', eventSeq: 1, callbackId: 'cb1', serviceId: 'sales', target: 'hook-a', payload: '{"a":1}', state: 'PENDING',
  tries: 0, nextAt: T0, lastError: 'none yet', createdAt: T0, updatedAt: T0, ...over,
});
