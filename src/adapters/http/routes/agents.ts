/**
 * Agent workspace and supervisor routes. Auth: the agent's own session (POST /v1/session with its
 * id and password; cookie or bearer); an agent sees and changes only itself (see docs/access.md).
 *
 * PUT  /v1/agents/{id}/state        body {state: 'READY'|'NOT_READY'|'LOGGED_OUT', reason?: string}
 *      → 200 AgentView. NOT_READY needs a reason from config reasonCodes (422 REASON_REQUIRED /
 *        UNKNOWN_REASON_CODE); an illegal change (e.g. LOGGED_OUT while ON_CALL) → 422 ILLEGAL_AGENT_TRANSITION.
 * GET  /v1/agents/{id}              → 200 AgentView:
 *      { id, name,
 *        state: { name: 'LOGGED_OUT'|'NOT_READY'|'READY'|'RESERVED'|'ON_CALL'|'WRAP_UP', since: ISO, reason: string|null, until: ISO|null },
 *        interaction: null | { kind: 'callback'|'call', id, serviceId, phase: 'offered'|'dialing'|'ringing-agent'|'connected'|'wrap-up',
 *          since: ISO,
 *          callback: null | { id, serviceId, subjectId, subject, state, customerId, firstName, lastName, phone, phoneRedacted,
 *                             language, notes, context: {k: v}, queuedSince: ISO,
 *                             attempts: [{ number, outcome, sipCode, startedAt, endedAt }] } } }
 * POST /v1/agents/{id}/disposition  body {code: string (config dispositionCodes), notes?: string}
 *      → 200 AgentView (ends the wrap-up); 422 NO_INTERACTION / UNKNOWN_DISPOSITION_CODE.
 * POST /v1/agents/{id}/preview/accept → 200 {dialling: boolean, reason?: string} (the claim is committed first)
 * POST /v1/agents/{id}/preview/reject → 200 AgentView; 404 NO_PREVIEW_OFFER when nothing is offered.
 * POST /v1/agents/{id}/hangup     → 200 {hungUp: true}: ends the agent's connected call (CallControl hang-up;
 *      the wrap-up follows as for any hang-up); 422 NOT_ON_CALL.
 * POST /v1/agents/{id}/reschedule body {slotStart: ISO} → 200 {callback: CallbackView, followUpOf: id|null}: an offered
 *      preview callback moves to the slot; after talking, a follow-up callback is booked for the same customer.
 * GET  /v1/agents/{id}/events       → text/event-stream; each message `event: <type>` with JSON data:
 *      (AgentView also has `at` (server time), state.pendingReason (Not Ready after this call), interaction.disposition,
 *       callback.phoneNational / phoneCountry.)
 *      state     {type:'state', agentId, at: ms, state: AgentStateView}
 *      offered | connected | ended | withdrawn  {type, agentId, at: ms, interaction: {kind, id, serviceId, phase, since: ms}}
 *      The first message is `event: snapshot` with the AgentView. A comment line every 15 s keeps proxies open.
 * GET  /v1/supervisor/summary       (admin) → 200 { at, services: [{ serviceId, queued: {live, callback},
 *        scheduled: {total, bySlot: [{slotStart, count}]}, dialing, waitingAgent, connected, completedToday,
 *        failedToday, expiredToday, abandonedToday, ewtSeconds }], agents: { byState: {STATE: n}, list: [{id, name, state, reason}] } }
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../../app/context.js';
import type { QueueSystem } from '../../../app/queue/queue-system.js';
import type { AgentEvent } from '../../../app/agents/agent-board.js';
import { access } from '../../../app/access/roles.js';
import { IsoWithOffset } from '../schemas.js';
import { instantOf } from '../validation.js';

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const StateBody = Type.Object({
  state: Type.Union([Type.Literal('READY'), Type.Literal('NOT_READY'), Type.Literal('LOGGED_OUT')]),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { additionalProperties: false });
const RescheduleBody = Type.Object({ slotStart: IsoWithOffset }, { additionalProperties: false });
const DispositionBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

export interface AgentRouteOptions { ctx: AppContext; system: QueueSystem; keepAliveMs?: number }

/** An agent acts only as itself; supervisors may watch agents and change their state. */
const SELF = access.roles('agent:self', 'administrator');
const SELF_OR_SUPERVISOR = access.roles('agent:self', 'supervisor', 'administrator');
const WATCH = access.roles('agent:self', 'supervisor', 'monitor', 'administrator');

export function agentRoutes({ ctx, system, keepAliveMs = 15_000 }: AgentRouteOptions) {
  // Access is checked before this (onRequest), so an unknown id is a 404 only for those who may ask.
  const authAgent = (request: FastifyRequest): string => ctx.catalog.agent((request.params as { id: string }).id).id;
  const tags = ['agents'];

  return async function plugin(app: FastifyInstance): Promise<void> {
    app.put('/v1/agents/:id/state', { schema: { tags, summary: 'Log in/out, Ready, Not Ready', params: Params, body: StateBody }, config: { access: SELF_OR_SUPERVISOR } }, async (request) => {
      const id = authAgent(request);
      const body = request.body as { state: 'READY' | 'NOT_READY' | 'LOGGED_OUT'; reason?: string };
      return system.agents.setState(id, body.state, body.reason);
    });

    app.get('/v1/agents/:id', { schema: { tags, summary: 'State and current interaction with its context', params: Params }, config: { access: WATCH } }, async (request) =>
      system.agents.view(authAgent(request)));

    app.post('/v1/agents/:id/disposition', { schema: { tags, summary: 'Disposition code; ends the wrap-up', params: Params, body: DispositionBody }, config: { access: SELF } }, async (request) => {
      const id = authAgent(request);
      const body = request.body as { code: string; notes?: string };
      return system.agents.disposition(id, body.code, body.notes);
    });

    app.post('/v1/agents/:id/preview/accept', { schema: { tags, summary: 'Preview mode: dial the offered callback', params: Params }, config: { access: SELF } }, async (request) =>
      system.agents.acceptPreview(authAgent(request)));

    app.post('/v1/agents/:id/preview/reject', { schema: { tags, summary: 'Preview mode: pass the offered callback on', params: Params }, config: { access: SELF } }, async (request) =>
      system.agents.rejectPreview(authAgent(request)));

    app.post('/v1/agents/:id/hangup', { schema: { tags, summary: 'Hang up the connected call', params: Params }, config: { access: SELF } }, async (request) =>
      system.agents.hangup(authAgent(request)));

    app.post('/v1/agents/:id/reschedule', { schema: { tags, summary: 'Book the customer another time (slot)', params: Params, body: RescheduleBody }, config: { access: SELF } }, async (request) => {
      const id = authAgent(request);
      return system.agents.reschedule(id, instantOf((request.body as { slotStart: string }).slotStart, 'slotStart'));
    });

    app.get('/v1/agents/:id/events', { schema: { tags, summary: 'Live event stream (SSE)', params: Params }, config: { access: WATCH } }, (request, reply) => {
      const id = authAgent(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const send = (type: string, data: unknown): void => void res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
      // Events that happen while the snapshot is read are sent after it, in order.
      let early: AgentEvent[] | undefined = [];
      const unsubscribe = system.board.subscribe(id, (e: AgentEvent) => (early ? early.push(e) : send(e.type, e)));
      void system.agents.view(id).then((snapshot) => {
        send('snapshot', snapshot);
        for (const e of early ?? []) send(e.type, e);
        early = undefined;
      }, (err: unknown) => {
        request.log.warn({ err }, 'agent snapshot failed');
        res.end();
      });
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
      keepAlive.unref();
      request.raw.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
      });
    });

    app.get('/v1/supervisor/summary', { schema: { tags: ['admin'], summary: 'Live queues, dialer and agents per service' }, config: { access: access.roles('supervisor', 'monitor', 'administrator') } }, async () => {
      return system.summary();
    });
  };
}
