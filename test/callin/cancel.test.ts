/** DELETE /v1/call-ins/{id}: the app withdraws an immediate call-in; its code never matches afterwards. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import { harness, type Harness } from '../api/harness.js';
import { ScriptedCall } from '../ivr/scripted-call.js';
import { BILLING_LINE, callInServices, ivrBackend, shippedFlows } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await harness({ services: callInServices() }, { queue: { ewtForNew: () => 30, ewtFor: () => 30, callbackChanged: () => undefined } });
});
afterEach(async () => { await h.app.stop(); });

const create = async () => (await h.inject({ method: 'POST', url: '/v1/call-ins', payload: { serviceId: 'billing', firstName: 'Ada' } })).json();
const cancel = (id: string, token?: string, headers: Record<string, string> = {}) =>
  h.inject({ method: 'DELETE', url: `/v1/call-ins/${id}${token !== undefined ? `?managementToken=${encodeURIComponent(token)}` : ''}`, headers });
const events = (type: string) => h.app.parts.sqlite!.sync.events.between(0, Number.MAX_SAFE_INTEGER).filter((e) => e.type === type);
const dialIn = async (digits: string[]) => {
  const { backend, queued } = ivrBackend(h.app.parts.ctx);
  const call = new ScriptedCall(digits, '+4930111222', BILLING_LINE);
  await runFlow(shippedFlows().get('callin')!, call, backend);
  return { call, queued };
};

describe('DELETE /v1/call-ins/{id}', () => {
  it('cancels with the management token; the code never matches afterwards', async () => {
    const ci = await create();
    const res = await cancel(ci.id, ci.managementToken);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: ci.id, serviceId: 'billing', state: 'CANCELLED' });
    expect((await h.app.parts.store.read(async (tx) => await tx.callIns.get(ci.id)))?.state).toBe('CANCELLED');
    expect(events('CALL_IN_CANCELLED').map((e) => e.data)).toEqual([{ callInId: ci.id, by: 'request' }]);

    const { call, queued } = await dialIn([ci.accessCode, ci.accessCode, ci.accessCode, '1']);
    expect(call.prompts).toContain('callin_not_found');
    expect(queued[0]?.callInId).toBeUndefined();
    expect(events('CALL_IN_NOT_MATCHED').map((e) => e.data?.reason)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect(events('CALL_IN_MATCHED')).toHaveLength(0);
  });

  it('is idempotent on an already cancelled call-in (one event)', async () => {
    const ci = await create();
    expect((await cancel(ci.id, ci.managementToken)).statusCode).toBe(200);
    h.clock.advance(5_000);
    const again = await cancel(ci.id, ci.managementToken);
    expect(again.statusCode).toBe(200);
    expect(again.json().state).toBe('CANCELLED');
    expect(events('CALL_IN_CANCELLED')).toHaveLength(1);
  });

  it('an API key suffices; a public request needs the right token', async () => {
    const ci = await create();
    for (const token of [undefined, 'nope', (await create()).managementToken]) {
      const r = await cancel(ci.id, token);
      // Without the right token the caller is not authenticated for this call-in at all.
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ code: 'UNAUTHORIZED', message: expect.any(String) });
    }
    expect((await cancel(ci.id, undefined, { 'x-api-key': 'partner-secret' })).statusCode).toBe(200);
  });

  it('404 for an unknown id, 409 once the code was used or has expired', async () => {
    const unknown = await cancel('no-such-call-in', undefined, { 'x-api-key': 'partner-secret' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('CALL_IN_NOT_FOUND');

    const used = await create();
    await dialIn([used.accessCode]);
    const r = await cancel(used.id, used.managementToken);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'CALL_IN_ALREADY_USED', message: expect.any(String) });
    expect((await h.app.parts.store.read(async (tx) => await tx.callIns.get(used.id)))?.state).toBe('USED');

    const old = await create();
    h.clock.advance(16 * 60_000);
    const late = await cancel(old.id, old.managementToken);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CALL_IN_EXPIRED');
  });
});
