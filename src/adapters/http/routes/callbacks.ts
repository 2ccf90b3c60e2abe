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
import { optionalInstant } from '../validation.js';
import { access, serviceInScope, type Identity } from '../../../app/access/roles.js';
import {
  BulkCancelBody, CallbackReply, CancelQuery, CreateCallbackBody, ErrorReply, IdParams, ListQuery, RescheduleBody,
} from '../schemas.js';

/** Creation of call-in (delayed) callbacks (mode: call-in-delayed), from the call-in wiring. */
export type CreateDelayed = (req: CallbackRequest & { push: PushTarget }) => Promise<CallbackCreated>;

export interface CallbackRouteOptions {
  ctx: AppContext; keyLimits: Map<string, number>; createDelayed?: CreateDelayed;
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


/** Canonical JSON (sorted keys) so the same body always has the same fingerprint. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v);

const errors = { 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply, 429: ErrorReply };

/** Who manages callbacks besides the requester (management token) and scoped API keys. */
const STAFF = ['administrator', 'supervisor'] as const;

/** An API key scoped to other services is answered as if the callback did not exist. */
function inScope<T extends { serviceId: string }>(who: Identity, id: string, view: T): T {
  if (!serviceInScope(who, view.serviceId)) throw new HoldlessError('CALLBACK_NOT_FOUND', `Unknown callback '${id}'.`, { id });
  return view;
}

export async function callbackRoutes(app: FastifyInstance, { ctx, keyLimits, createDelayed }: CallbackRouteOptions): Promise<void> {
  // Per client IP, or the API key's own limit (the key generator in server.ts tells them apart).
  const perIpLimit = {
    max: (request: { identity?: Identity }) =>
      (request.identity?.kind === 'api-key' ? keyLimits.get(request.identity.keyId) : undefined) ?? ctx.catalog.rules.perIpRequestsPerMinute,
    timeWindow: 60_000,
  };
  const byId = (request: { params: unknown }) => (request.params as { id: string }).id;
  app.post('/v1/callbacks', {
    schema: {
      tags: ['callbacks'], summary: 'Request a callback (as soon as possible, or in a slot)',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
      body: CreateCallbackBody, response: { 200: CallbackReply, 201: CallbackReply, ...errors },
    },
    config: { access: access.withKey('create', 'public'), rateLimit: perIpLimit, captcha: true },
  }, async (request, reply) => {
    const body = request.body as CreateCallbackBody;
    const who = request.identity;
    const serviceId = body.serviceId ?? (body.subjectId !== undefined ? ctx.catalog.subject(body.subjectId, 'subjectId').serviceId : undefined);
    if (serviceId !== undefined && !serviceInScope(who, serviceId)) {
      throw new HoldlessError('FORBIDDEN', `This API key is not scoped to the service '${serviceId}'.`);
    }
    const scope = who.kind === 'api-key' ? `key:${who.keyId}` : 'public';
    const key = request.headers['idempotency-key'] as string | undefined;
    const { mode: _mode, push: _push, ...fields } = body;
    const result = await creator(body, createDelayed)(ctx, {
      ...fields,
      channel: scope === 'public' ? 'web' : 'api',
      slotStart: optionalInstant(body.slotStart, 'slotStart'),
      desiredTime: optionalInstant(body.desiredTime, 'desiredTime'),
      idempotency: key ? { scope, key, fingerprint: createHash('sha256').update(canonical(body)).digest('hex') } : undefined,
    });
    request.log.info({ callbackId: result.view.id, replayed: result.replayed }, 'callback requested');
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    // The management token goes only to the requester: it is what public cancel/reschedule need.
    return reply.status(201).send({ ...result.view, managementToken: ctx.tokens.issue(result.view.id) });
  });

  app.get('/v1/callbacks/:id', {
    schema: { tags: ['callbacks'], summary: 'Read a callback: state, position, EWT, attempts (x-management-token, a key, or staff)', params: IdParams },
    config: { access: access.withKey('read', 'holder', ...STAFF, 'monitor') },
  }, async (request) => inScope(request.identity, byId(request), await getCallback(ctx, byId(request))));

  app.delete('/v1/callbacks/:id', {
    schema: { tags: ['callbacks'], summary: 'Cancel a callback (optional ?reason=; public callers send x-management-token)', params: IdParams, querystring: CancelQuery, response: { 200: CallbackReply, ...errors } },
    config: { access: access.withKey('cancel', 'holder', ...STAFF), rateLimit: perIpLimit },
  }, async (request) => {
    const reason = (request.query as { reason?: string }).reason ?? 'CUSTOMER_CANCELLED';
    inScope(request.identity, byId(request), await getCallback(ctx, byId(request)));
    return cancelCallback(ctx, byId(request), reason);
  });

  app.patch('/v1/callbacks/:id', {
    schema: { tags: ['callbacks'], summary: 'Reschedule a callback to another slot (public callers send x-management-token)', params: IdParams, body: RescheduleBody, response: { 200: CallbackReply, ...errors } },
    config: { access: access.withKey('reschedule', 'holder', ...STAFF), rateLimit: perIpLimit },
  }, async (request) => {
    const body = request.body as RescheduleBody;
    inScope(request.identity, byId(request), await getCallback(ctx, byId(request)));
    return rescheduleCallback(ctx, byId(request), {
      slotStart: optionalInstant(body.slotStart, 'slotStart'), desiredTime: optionalInstant(body.desiredTime, 'desiredTime'),
    });
  });

  app.get('/v1/callbacks', {
    schema: { tags: ['admin'], summary: 'List callbacks with the customer (staff); phone search in any format', querystring: ListQuery },
    config: { access: access.roles(...STAFF, 'monitor') },
  }, async (request) => {
    const q = request.query as ListQuery;
    const states = q.state?.split(',') as CallbackState[] | undefined;
    const unknown = states?.find((s) => !CALLBACK_STATES.includes(s));
    if (unknown) throw new HoldlessError('STATE_UNKNOWN', `Unknown state '${unknown}'.`, { field: 'state' });
    return await supervisorList(ctx, {
      serviceId: q.service, states, phone: q.phone, createdFrom: optionalInstant(q.from, 'from'), createdTo: optionalInstant(q.to, 'to'),
      afterId: q.after, limit: q.limit ?? 50,
    }, request.identity);
  });

  app.post('/v1/callbacks/bulk-cancel', {
    schema: { tags: ['admin'], summary: 'Cancel many callbacks (supervisor, administrator)', body: BulkCancelBody },
    config: { access: access.roles(...STAFF) },
  }, async (request) => {
    const body = request.body as BulkCancelBody;
    return bulkCancel(ctx, body.ids, body.reason);
  });
}
