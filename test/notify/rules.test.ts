import { describe, expect, it } from 'vitest';
import { lifecycleOf, nextStep, retryDelayMs } from '../../src/domain/notify.js';
import { signWebhook } from '../../src/adapters/notify/webhook.js';
import { verifyStandardWebhook } from './webhook-receiver.js';

const policy = { maxAttempts: 4, initialDelayMs: 1000, maxDelayMs: 5000 };

describe('notifier rules', () => {
  it.each([
    [{ type: 'CALLBACK_CREATED', toState: 'QUEUED' }, 'callback.created'],
    [{ type: 'CALLBACK_STATE', fromState: 'QUEUED', toState: 'DIALING' }, 'callback.dialling'],
    [{ type: 'CALLBACK_STATE', fromState: 'WAITING_AGENT', toState: 'CONNECTED' }, 'callback.connected'],
    [{ type: 'CALLBACK_STATE', fromState: 'QUEUED', toState: 'EXPIRED' }, 'callback.expired'],
    [{ type: 'CALLBACK_STATE', fromState: 'QUEUED', toState: 'QUEUED' }, undefined],
    [{ type: 'ATTEMPT_ENDED' }, 'callback.attempt_ended'],
    [{ type: 'PUSH_DELIVERED' }, 'push.delivered'],
    [{ type: 'PUSH_FAILED' }, 'push.not_delivered'],
    [{ type: 'WEBHOOK_DELIVERED' }, undefined],
    [{ type: 'AGENT_STATE' }, undefined],
  ])('%o → %s', (e, expected) => expect(lifecycleOf(e)).toBe(expected));

  it('backs off exponentially, capped, and stops after the last try', () => {
    expect([1, 2, 3, 4, 5].map((t) => retryDelayMs(policy, t))).toEqual([1000, 2000, 4000, 5000, 5000]);
    const fail = { ok: false as const, permanent: false, error: 'x' };
    expect(nextStep(policy, 1, fail, 0)).toEqual({ kind: 'retry', at: 1000 });
    expect(nextStep(policy, 4, fail, 0)).toEqual({ kind: 'failed', dialResult: 'PUSH_DELIVERY_NOT_CONFIRMED' });
    expect(nextStep(policy, 1, { ...fail, permanent: true }, 0)).toEqual({ kind: 'failed', dialResult: 'PUSH_SEND_ERROR' });
    expect(nextStep(policy, 1, { ok: true }, 0)).toEqual({ kind: 'delivered' });
  });

  it('the receiver accepts our signature and refuses a changed body, id, timestamp or secret', () => {
    const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    const now = 1_780_000_000;
    const body = '{"type":"callback.created"}';
    const headers = (id: string, ts: number, sig: string) => ({ 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sig });
    const sig = signWebhook(secret, 'evt-1-crm', now, body);
    expect(verifyStandardWebhook(secret, headers('evt-1-crm', now, sig), body, now)).toBe(true);
    expect(verifyStandardWebhook(secret, headers('evt-1-crm', now, sig), body.replace('created', 'cancelled'), now)).toBe(false);
    expect(verifyStandardWebhook(secret, headers('evt-2-crm', now, sig), body, now)).toBe(false);
    expect(verifyStandardWebhook(secret, headers('evt-1-crm', now + 1, sig), body, now)).toBe(false);
    expect(verifyStandardWebhook(secret, headers('evt-1-crm', now, sig), body, now + 301)).toBe(false);
    expect(verifyStandardWebhook('whsec_' + Buffer.from('another-secret-entirely-000000000').toString('base64'), headers('evt-1-crm', now, sig), body, now)).toBe(false);
  });
});
