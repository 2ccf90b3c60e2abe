/**
 * Click-To-Call-In (immediate): POST /v1/call-ins answers the number and an access code; a caller
 * dialling in runs flows/callin.yaml over the real use cases and SQLite, typing the code as DTMF.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import { freshCode } from '../../src/app/callins/access-code.js';
import type { Flow } from '../../src/domain/flow/flow-model.js';
import { harness, type Harness } from '../api/harness.js';
import { ScriptedCall, SILENT, type CallerAction } from '../ivr/scripted-call.js';
import { BILLING_LINE, callInServices, ivrBackend, shippedFlows, type Queued } from './helpers.js';

let h: Harness;
let flow: Flow;
let run: (script: CallerAction[], from?: string) => Promise<{ call: ScriptedCall; result: Awaited<ReturnType<typeof runFlow>>; queued: Queued[] }>;

const createCallIn = (body: object, headers: Record<string, string> = {}) =>
  h.inject({ method: 'POST', url: '/v1/call-ins', payload: body, headers });

async function setUp(over: Parameters<typeof callInServices>[0] = {}) {
  h = await harness({ services: callInServices(over) }, { queue: { ewtForNew: () => 30, ewtFor: () => 30, callbackChanged: () => undefined } });
  flow = shippedFlows().get('callin')!;
  run = async (script, from = '+4930111222') => {
    const { backend, queued } = ivrBackend(h.app.parts.ctx);
    const call = new ScriptedCall(script, from, BILLING_LINE);
    const result = await runFlow(flow, call, backend);
    return { call, result, queued };
  };
}
const events = (type: string) => h.app.parts.sqlite!.sync.events.between(0, Number.MAX_SAFE_INTEGER).filter((e) => e.type === type);

afterEach(async () => { await h.app.stop(); });

describe('POST /v1/call-ins', () => {
  beforeEach(() => setUp());

  it('answers the number to dial, a digits-only access code and its expiry, committed with an event', async () => {
    const res = await createCallIn({ serviceId: 'billing', context: { page: '/invoices/42' }, firstName: 'Ada' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ serviceId: 'billing', dial: { e164: BILLING_LINE, uri: `tel:${BILLING_LINE}` } });
    expect(body.accessCode).toMatch(/^[0-9]{6}$/);
    expect(Date.parse(body.expiresAt) - h.clock.now()).toBe(15 * 60_000);
    expect(h.app.parts.ctx.tokens.verify(body.id, body.managementToken)).toBe(true);
    const stored = await h.app.parts.store.read(async (tx) => await tx.callIns.get(body.id));
    expect(stored).toMatchObject({ state: 'LIVE', accessCode: body.accessCode, firstName: 'Ada', context: { page: '/invoices/42' }, queuedSince: h.clock.now() });
    expect(events('CALL_IN_CREATED')).toHaveLength(1);
  });

  it('names the service through a subject, and normalises the caller number', async () => {
    const res = await createCallIn({ subjectId: 'invoice', phone: '030 901820' });
    expect(res.statusCode).toBe(201);
    expect((await h.app.parts.store.read(async (tx) => await tx.callIns.get(res.json().id)))?.phone).toBe('+4930901820');
  });

  it.each([
    [{ serviceId: 'nope' }, 422, 'SERVICE_NOT_FOUND'],
    [{}, 422, 'SERVICE_REQUIRED'],
    [{ serviceId: 'billing', phone: '+4915199123456' }, 403, 'PHONE_BLOCKED_PATTERN'],
    [{ serviceId: 'billing', phone: 'call me' }, 422, undefined],
    [{ serviceId: 'billing', slotStart: '2026-11-23T12:00:00Z' }, 422, 'VALIDATION_FAILED'],
    [{ serviceId: 'billing', accessCode: '123456' }, 422, 'VALIDATION_FAILED'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const res = await createCallIn(body);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toEqual(code ?? expect.any(String));
    expect(res.json().message).toEqual(expect.any(String));
  });

  it('refuses while the service is closed, with the next opening', async () => {
    h.clock.set('2026-11-23T19:00:00Z'); // Monday 20:00 Berlin
    const res = await createCallIn({ serviceId: 'billing' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'SERVICE_CLOSED', nextOpening: '2026-11-24T07:00:00.000Z' });
  });

  it('refuses a service without a call-in number', async () => {
    await h.app.stop();
    await setUp();
    const ctx = h.app.parts.ctx;
    (ctx.catalog.service('sales') as { callIn?: unknown }).callIn = undefined;
    const res = await createCallIn({ serviceId: 'sales' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('CALL_IN_NOT_OFFERED');
  });
});

describe('access codes', () => {
  beforeEach(() => setUp());

  it('are unique among the live ones: a collision draws again, the database refuses a duplicate', async () => {
    await createCallIn({ serviceId: 'billing' });
    const first = (await h.app.parts.store.read(async (tx) => await tx.events.between(0, Number.MAX_SAFE_INTEGER))).find((e) => e.type === 'CALL_IN_CREATED')!;
    const taken = (await h.app.parts.store.read(async (tx) => await tx.callIns.get(first.data!.callInId as string)))!.accessCode;
    const draws = [taken, taken, '424242'];
    const code = await h.app.parts.store.write(async (tx) => await freshCode(tx, 6, h.clock.now(), () => draws.shift()!));
    expect(code).toBe('424242');
    const insertDuplicate = () => h.app.parts.store.write(async (tx) => await tx.callIns.insert({
      id: 'dup', serviceId: 'billing', origin: 'request', accessCode: taken, state: 'LIVE', queuedSince: 0, expiresAt: h.clock.now() + 60_000, createdAt: 0,
    }));
    await expect(insertDuplicate()).rejects.toThrow(/UNIQUE/);
  });

  it('a code that ran out frees its digits at once (marked EXPIRED in the same write)', async () => {
    const res = await createCallIn({ serviceId: 'billing' });
    const { accessCode, id } = res.json();
    h.clock.advance(16 * 60_000);
    const code = await h.app.parts.store.write(async (tx) => await freshCode(tx, 6, h.clock.now(), () => accessCode));
    expect(code).toBe(accessCode);
    expect((await h.app.parts.store.read(async (tx) => await tx.callIns.get(id)))?.state).toBe('EXPIRED');
  });
});

describe('flows/callin.yaml with the real use cases', () => {
  beforeEach(() => setUp());

  it('a caller types the access code: matched, queued in the service with the request\'s place in line', async () => {
    const requestedAt = h.clock.now();
    const { accessCode, id } = (await createCallIn({ serviceId: 'billing', language: 'de' })).json();
    h.clock.advance(90_000);
    const { call, result, queued } = await run([accessCode]);
    expect(result.end).toBe('connected');
    expect(queued).toEqual([{ serviceId: 'billing', queuedSince: requestedAt, language: 'de', callInId: id }]);
    expect(call.prompts).toEqual(expect.arrayContaining(['callin_welcome', 'callin_enter_code', 'callin_matched']));
    expect(call.collects[0]).toMatchObject({ minDigits: 6, maxDigits: 6, terminators: '' });
    expect(await h.app.parts.store.read(async (tx) => await tx.callIns.get(id))).toMatchObject({ state: 'USED', usedBy: call.id });
    expect(events('CALL_IN_MATCHED')[0]?.data).toMatchObject({ callInId: id, by: 'code', dialResult: 'USERORIGINATED_CONNECTED' });
  });

  it('a used code never matches again: retry, then the normal service menu', async () => {
    const { accessCode } = (await createCallIn({ serviceId: 'billing' })).json();
    await run([accessCode]);
    const { call, result, queued } = await run([accessCode, accessCode, accessCode, '3']);
    expect(call.prompts.filter((p) => p === 'callin_invalid')).toHaveLength(2);
    expect(call.prompts).toEqual(expect.arrayContaining(['callin_not_found', 'service_menu']));
    expect(result.end).toBe('connected');
    expect(queued[0]).toMatchObject({ serviceId: 'sales', queuedSince: undefined });
    expect(events('CALL_IN_NOT_MATCHED').map((e) => e.data?.reason)).toEqual(['USED', 'USED', 'USED']);
  });

  it('an expired code does not match', async () => {
    const { accessCode } = (await createCallIn({ serviceId: 'billing' })).json();
    h.clock.advance(15 * 60_000);
    const { call, queued } = await run([accessCode, SILENT, SILENT, '1']);
    expect(call.prompts).toContain('callin_not_found');
    expect(queued[0]).toMatchObject({ serviceId: 'billing', queuedSince: undefined });
    expect(events('CALL_IN_NOT_MATCHED')[0]?.data?.reason).toBe('EXPIRED');
  });

  it('codes with * or #, too few digits or unknown digits are wrong; the right one on the last attempt matches', async () => {
    const { accessCode } = (await createCallIn({ serviceId: 'billing' })).json();
    const wrong = accessCode === '999999' ? '999998' : '999999';
    const { call, queued } = await run([`${accessCode.slice(0, 5)}#`, '*' + accessCode.slice(1), accessCode]);
    expect(queued[0]).toMatchObject({ serviceId: 'billing', queuedSince: expect.any(Number) });
    expect(call.prompts.filter((p) => p === 'callin_invalid')).toHaveLength(2);
    // Malformed input never reaches the database lookup.
    expect(events('CALL_IN_NOT_MATCHED')).toHaveLength(0);
    const second = await run([wrong, '123', SILENT]);
    expect(second.call.prompts).toContain('callin_not_found');
    expect(events('CALL_IN_NOT_MATCHED').map((e) => e.data?.reason)).toEqual(['UNKNOWN']);
  });

  it('silence on every attempt takes the timeout branch', async () => {
    const { call, result } = await run([SILENT, SILENT, SILENT, SILENT, SILENT, SILENT]);
    expect(call.prompts).toContain('callin_not_found');
    expect(call.prompts).not.toContain('callin_invalid');
    expect(result.end).toBe('hangup'); // the service menu got no answer either
    expect(call.prompts.at(-1)).toBe('goodbye_no_input');
  });

  it('matches by caller id first when the request gave the number, without asking for the code', async () => {
    const { id } = (await createCallIn({ serviceId: 'billing', phone: '+4930901820' })).json();
    const { call, queued } = await run([], '030901820');
    expect(call.prompts).not.toContain('callin_enter_code');
    expect(queued[0]).toMatchObject({ serviceId: 'billing' });
    expect(events('CALL_IN_MATCHED')[0]?.data).toMatchObject({ callInId: id, by: 'ani' });
  });
});

describe('keepPlace: false', () => {
  beforeEach(() => setUp({ keepPlace: false }));

  it('a matched caller is a normal arrival', async () => {
    const { accessCode, id } = (await createCallIn({ serviceId: 'billing' })).json();
    h.clock.advance(60_000);
    const { queued } = await run([accessCode]);
    expect(queued).toEqual([{ serviceId: 'billing', queuedSince: undefined, language: 'en', callInId: id }]);
  });
});
