import { afterEach, describe, expect, it } from 'vitest';
import { harness, settle, type Harness } from '../dialer/harness.js';
import { signIn } from '../access/sign-in.js';

let h: Harness;
afterEach(async () => { await h?.close(); });

const auth = (t: string) => ({ authorization: `Bearer ${t}` });

describe('agent routes', () => {
  it('PUT state with the agent session; wrong token 401; none 401; another agent 403; reason codes checked', async () => {
    h = await harness();
    const http = h.app.parts.http;
    const alice = (await signIn(http, 'alice')).token;
    const bobs = (await signIn(http, 'bob')).token;
    expect((await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: auth(bobs), payload: { state: 'READY' } })).statusCode).toBe(403);
    expect((await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', payload: { state: 'READY' } })).statusCode).toBe(401);
    expect((await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: auth('nope'), payload: { state: 'READY' } })).statusCode).toBe(401);
    const bad = await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: auth(alice), payload: { state: 'NOT_READY', reason: 'Golf' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('UNKNOWN_REASON_CODE');
    const ok = await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: auth(alice), payload: { state: 'NOT_READY', reason: 'Lunch' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().state).toMatchObject({ name: 'NOT_READY', reason: 'Lunch' });
    // the break-glass admin token works for any agent
    const bob = await http.inject({ method: 'PUT', url: '/v1/agents/bob/state', headers: auth('admin-secret'), payload: { state: 'READY' } });
    expect(bob.json().state.name).toBe('READY');
    await h.app.parts.queue!.system.board.settled();
    const row = await h.app.parts.store.read(async (tx) => await tx.agents.get('alice'));
    expect(row).toMatchObject({ state: 'NOT_READY', reason: 'Lunch' });
  });

  it('GET shows the interaction with its full context; disposition ends the wrap-up', async () => {
    h = await harness();
    const alice = (await signIn(h.app.parts.http, 'alice')).token;
    const http = h.app.parts.http;
    const id = await h.request({ firstName: 'Ada', lastName: 'Lovelace', customerId: 'C-1', notes: 'meter', context: { page: '/tariffs' }, subjectId: 'invoice', serviceId: undefined });
    await http.inject({ method: 'PUT', url: '/v1/agents/alice/state', headers: auth(alice), payload: { state: 'READY' } });
    await settle();
    const view = (await http.inject({ method: 'GET', url: '/v1/agents/alice', headers: auth(alice) })).json();
    expect(view.state.name).toBe('ON_CALL');
    expect(view.interaction.callback).toMatchObject({
      id, subject: 'Invoice question', customerId: 'C-1', firstName: 'Ada', lastName: 'Lovelace', notes: 'meter', context: { page: '/tariffs' }, language: 'en',
    });
    expect(view.interaction.callback.attempts).toHaveLength(1);
    h.tel.agentLegs.get('alice')!.end();
    await settle();
    const wrap = (await http.inject({ method: 'GET', url: '/v1/agents/alice', headers: auth(alice) })).json();
    expect(wrap.state.name).toBe('WRAP_UP');
    const unknown = await http.inject({ method: 'POST', url: '/v1/agents/alice/disposition', headers: auth(alice), payload: { code: 'Nope' } });
    expect(unknown.statusCode).toBe(422);
    const disp = await http.inject({ method: 'POST', url: '/v1/agents/alice/disposition', headers: auth(alice), payload: { code: 'Resolved', notes: 'ok' } });
    expect(disp.statusCode).toBe(200);
    expect(disp.json().state.name).toBe('READY');
    const ev = (await h.app.parts.store.read(async (tx) => await tx.events.forCallback(id))).find((e) => e.type === 'DISPOSITION');
    expect(ev?.data).toMatchObject({ code: 'Resolved', notes: 'ok' });
  });

  it('supervisor summary (admin only) counts queues and agents; service status shows a real EWT', async () => {
    h = await harness();
    const alice = (await signIn(h.app.parts.http, 'alice')).token;
    h.tel.up = false;
    const http = h.app.parts.http;
    await h.request();
    await h.request();
    await h.request({ slotStart: Date.parse('2026-03-03T09:00:00Z') });
    h.ready('alice');
    expect((await http.inject({ method: 'GET', url: '/v1/supervisor/summary', headers: auth(alice) })).statusCode).toBe(403);
    const s = (await http.inject({ method: 'GET', url: '/v1/supervisor/summary', headers: auth('admin-secret') })).json();
    const billing = s.services.find((x: { serviceId: string }) => x.serviceId === 'billing');
    expect(billing.queued).toEqual({ live: 0, callback: 2 });
    expect(billing.scheduled.total).toBe(1);
    expect(billing.ewtSeconds).toBeGreaterThan(0);
    expect(s.agents.byState).toMatchObject({ READY: 1, LOGGED_OUT: 1 });
    const status = (await http.inject({ method: 'GET', url: '/v1/services/billing/status' })).json();
    expect(typeof status.ewtSeconds).toBe('number');
  });

  it('SSE stream: snapshot first, then state events', async () => {
    h = await harness();
    const alice = (await signIn(h.app.parts.http, 'alice')).token;
    const address = await h.app.parts.http.listen({ host: '127.0.0.1', port: 0 });
    const ac = new AbortController();
    const res = await fetch(`${address}/v1/agents/alice/events`, { headers: auth(alice), signal: ac.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const read = async (until: string) => {
      while (!text.includes(until)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await read('event: snapshot');
    h.ready('alice');
    await read('"name":"READY"');
    expect(text).toMatch(/event: state\ndata: \{"type":"state","agentId":"alice"/);
    ac.abort();
  });
});
