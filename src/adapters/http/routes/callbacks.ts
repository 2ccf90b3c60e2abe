import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { HoldlessError } from '../../../domain/errors.js';
import type { CallbackState } from '../../../domain/model.js';
import { CALLBACK_STATES } from '../../../domain/model.js';
import type { AppContext } from '../../../app/context.js';
import { requestCallback, type CallbackCreated, type CallbackRequest } from '../../../app/callbacks/request-callback.js';
import type { PushTarget } from '../../../domain/push.js';
import { bulkCancel, cancelCallback, getCallback, rescheduleCallback } from '../../../app/callbacks/manage-callback.js';
import { supervisorList } from '../../../app/callbacks/supervisor-list.js';
import { callerScope, requireAdmin } from '../auth.js';
import { viewerOf } from '../report-access.js';
import {
  BulkCancelBody, CallbackReply, CancelQuery, CreateCallbackBody, ErrorReply, IdParams, ListQuery, RescheduleBody,
} from '../schemas.js';

/** Creation of call-in (delayed) callbacks (mode: call-in-delayed), from the call-in wiring. */
export type CreateDelayed = (req: CallbackRequest & { push: PushTarget }) => Promise<CallbackCreated>;

export interface CallbackRouteOptions {
  ctx: AppContext; apiKeys: { id: string; key: string }[]; adminToken: string; createDelayed?: CreateDelayed;
}

function creator(body: CreateCallbackBody, createDelayed: CreateDelayed | undefined): (ctx: AppContext, req: CallbackRequest) => Promise<CallbackCreated> {
  if (body.mode !== 'call-in-delayed') {
    if (body.push) throw new HoldlessError('PUSH_NEEDS_CALL_IN_MODE', 'A push target is only used with mode "call-in-delayed".', { field: 'push' });
    return requestCallback;
  }
  const push = body.push;
  if (!push) throw new HoldlessError('PUSH_REQUIRED', 'mode "call-in-delayed" needs a push target.', { field: 'push' });
  if (!createDelayed) throw new HoldlessError('CALL_IN_UNAVAILABLE', 'Call-in requests are not served by this process.', { field: 'mode' });
  return (_ctx, req) => createDelayed({ ...req, push: push as PushTarget });
}

const instant = (s: string | undefined): number | undefined => (s === undefined ? undefined : Date.parse(s));

/** Canonical JSON (sorted keys) so the same body always has the same fingerprint. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v);

const errors = { 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply, 429: ErrorReply };

export async function callbackRoutes(app: FastifyInstance, { ctx, apiKeys, adminToken, createDelayed }: CallbackRouteOptions): Promise<void> {
  // Per client IP; requests with an API key are on the allow list (see server.ts).
  const perIpLimit = { max: ctx.catalog.rules.perIpRequestsPerMinute, timeWindow: 60_000 };
  app.post('/v1/callbacks', {
    schema: {
      tags: ['callbacks'], summary: 'Request a callback (as soon as possible, or in a slot)',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
      body: CreateCallbackBody, response: { 200: CallbackReply, 201: CallbackReply, ...errors },
    },
    config: { rateLimit: perIpLimit, captcha: true },
  }, async (request, reply) => {
    const body = request.body as CreateCallbackBody;
    const scope = callerScope(request, apiKeys);
    const key = request.headers['idempotency-key'] as string | undefined;
    const { mode: _mode, push: _push, ...fields } = body;
    const result = await creator(body, createDelayed)(ctx, {
      ...fields,
      channel: scope === 'public' ? 'web' : 'api',
      slotStart: instant(body.slotStart),
      desiredTime: instant(body.desiredTime),
      idempotency: key ? { scope, key, fingerprint: createHash('sha256').update(canonical(body)).digest('hex') } : undefined,
    });
    request.log.info({ callbackId: result.view.id, replayed: result.replayed }, 'callback requested');
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    // The management token goes only to the requester: it is what public cancel/reschedule need.
    return reply.status(201).send({ ...result.view, managementToken: ctx.tokens.issue(result.view.id) });
  });

  app.get('/v1/callbacks/:id', {
    schema: { tags: ['callbacks'], summary: 'Read a callback: state, position, EWT, attempts', params: IdParams },
  }, async (request) => getCallback(ctx, (request.params as { id: string }).id));

  app.delete('/v1/callbacks/:id', {
    schema: { tags: ['callbacks'], summary: 'Cancel a callback (optional ?reason=)', params: IdParams, querystring: CancelQuery, response: { 200: CallbackReply, ...errors } },
    config: { rateLimit: perIpLimit },
  }, async (request) => {
    const reason = (request.query as { reason?: string }).reason ?? 'CUSTOMER_CANCELLED';
    return cancelCallback(ctx, (request.params as { id: string }).id, reason);
  });

  app.patch('/v1/callbacks/:id', {
    schema: { tags: ['callbacks'], summary: 'Reschedule a callback to another slot', params: IdParams, body: RescheduleBody, response: { 200: CallbackReply, ...errors } },
    config: { rateLimit: perIpLimit },
  }, async (request) => {
    const body = request.body as RescheduleBody;
    return rescheduleCallback(ctx, (request.params as { id: string }).id, {
      slotStart: instant(body.slotStart), desiredTime: instant(body.desiredTime),
    });
  });

  app.get('/v1/callbacks', {
    schema: { tags: ['admin'], summary: 'List callbacks with the customer (admin); phone search in any format', querystring: ListQuery },
  }, async (request) => {
    requireAdmin(request, adminToken);
    const q = request.query as ListQuery;
    const states = q.state?.split(',') as CallbackState[] | undefined;
    const unknown = states?.find((s) => !CALLBACK_STATES.includes(s));
    if (unknown) throw new HoldlessError('STATE_UNKNOWN', `Unknown state '${unknown}'.`, { field: 'state' });
    return supervisorList(ctx, {
      serviceId: q.service, states, phone: q.phone, createdFrom: instant(q.from), createdTo: instant(q.to),
      afterId: q.after, limit: q.limit ?? 50,
    }, viewerOf(request, adminToken));
  });

  app.post('/v1/callbacks/bulk-cancel', {
    schema: { tags: ['admin'], summary: 'Cancel many callbacks (admin)', body: BulkCancelBody },
  }, async (request) => {
    requireAdmin(request, adminToken);
    const body = request.body as BulkCancelBody;
    return bulkCancel(ctx, body.ids, body.reason);
  });
}
