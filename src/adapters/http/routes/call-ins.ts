/**
 * Click-To-Call-In routes (issue 8): POST /v1/call-ins (immediate: number to dial + access code)
 * and POST /v1/callbacks/:id/answer (the app's answer to "your callback is ready").
 * Public callers are allowed; the route is marked `captcha: true` for the CAPTCHA hook, which
 * enforces it per service config.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { HoldlessError } from '../../../domain/errors.js';
import type { AppContext } from '../../../app/context.js';
import { createCallIn } from '../../../app/callins/create-call-in.js';
import { cancelCallIn } from '../../../app/callins/cancel-call-in.js';
import { answerPush, PUSH_ACTIONS, type PushAction } from '../../../app/callins/delayed-call-in.js';
import { access, serviceInScope } from '../../../app/access/roles.js';
import { managementTokenOf } from '../access.js';
import { CreateCallbackBody, ErrorReply, IdParams } from '../schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes public requests that the CAPTCHA hook may require a solution for. */
    captcha?: boolean;
  }
}

const { phone: _phone, desiredTime: _d, slotStart: _s, mode: _m, push: _p, ...contextFields } = CreateCallbackBody.properties;

export const CreateCallInBody = Type.Object(
  { ...contextFields, phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the caller\'s number, when known: matched by caller id' })) },
  { additionalProperties: false },
);
export type CreateCallInBody = Static<typeof CreateCallInBody>;

const Dial = Type.Object({ e164: Type.String(), uri: Type.String() });

export const CallInReply = Type.Object({
  id: Type.String(), serviceId: Type.String(), accessCode: Type.String(), dial: Dial, expiresAt: Type.String(),
  managementToken: Type.String(),
});

export const AnswerBody = Type.Object(
  {
    action: Type.Union(PUSH_ACTIONS.map((a) => Type.Literal(a))),
    managementToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const AnswerReply = Type.Object({
  id: Type.String(), action: Type.String(), state: Type.String(),
  dial: Type.Optional(Dial), accessCode: Type.Optional(Type.String()), expiresAt: Type.Optional(Type.String()),
  dueAt: Type.Optional(Type.String()), snoozesLeft: Type.Optional(Type.Integer()),
});

// The holder shows the create answer's managementToken (query, or the x-management-token header).
const CancelCallInQuery = Type.Object(
  {
    managementToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

const CancelCallInReply = Type.Object({ id: Type.String(), serviceId: Type.String(), state: Type.Literal('CANCELLED') });

const errors = { 403: ErrorReply, 404: ErrorReply, 409: ErrorReply, 410: ErrorReply, 413: ErrorReply, 422: ErrorReply, 429: ErrorReply };

export interface CallInRouteOptions { ctx: AppContext }

export function callInRoutes({ ctx }: CallInRouteOptions) {
  const perIpLimit = { max: ctx.catalog.rules.perIpRequestsPerMinute, timeWindow: 60_000 };
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/v1/call-ins', {
      schema: { tags: ['callbacks'], summary: 'Ask to call in now: the number to dial and an access code', body: CreateCallInBody, response: { 201: CallInReply, ...errors } },
      config: { access: access.withKey('create', 'public'), rateLimit: perIpLimit, captcha: true },
    }, async (request, reply) => {
      const who = request.identity;
      const body = request.body as CreateCallInBody;
      const serviceId = body.serviceId ?? (body.subjectId !== undefined ? ctx.catalog.subject(body.subjectId, 'subjectId').serviceId : undefined);
      if (serviceId !== undefined && !serviceInScope(who, serviceId)) {
        throw new HoldlessError('FORBIDDEN', `This API key is not scoped to the service '${serviceId}'.`);
      }
      const view = await createCallIn(ctx, { ...body, channel: who.kind === 'api-key' ? 'api' : 'web' });
      request.log.info({ callInId: view.id, serviceId: view.serviceId }, 'call-in requested');
      return reply.status(201).send({ ...view, managementToken: ctx.tokens.issue(view.id) });
    });

    app.delete('/v1/call-ins/:id', {
      schema: {
        tags: ['callbacks'], summary: 'Cancel an immediate call-in: its code never matches afterwards', params: IdParams,
        querystring: CancelCallInQuery, response: { 200: CancelCallInReply, ...errors },
      },
      config: { access: access.withKey('cancel', 'holder', 'administrator', 'supervisor'), rateLimit: perIpLimit },
    }, async (request) => {
      const { id } = request.params as { id: string };
      const known = await ctx.store.read(async (tx) => await tx.callIns.get(id));
      // A key scoped to other services learns nothing about this call-in.
      if (known && !serviceInScope(request.identity, known.serviceId)) throw new HoldlessError('CALL_IN_NOT_FOUND', `No call-in '${id}'.`, { id });
      const r = await cancelCallIn(ctx, id);
      request.log.info({ callInId: id }, 'call-in cancelled');
      return r;
    });

    app.post('/v1/callbacks/:id/answer', {
      schema: { tags: ['callbacks'], summary: 'Answer "your callback is ready": accept, snooze or cancel', params: IdParams, body: AnswerBody, response: { 200: AnswerReply, ...errors } },
      // Public: the token may come in the body (checked below), which the access hook cannot see.
      config: { access: access.public, rateLimit: perIpLimit },
    }, async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as { action: PushAction; managementToken?: string };
      // An API key or staff suffices; a public app proves it made the request with the callback's token.
      const who = request.identity;
      const trusted = who.kind === 'api-key' || (who.kind === 'user' && (who.role === 'administrator' || who.role === 'supervisor'));
      if (!trusted && !ctx.tokens.verify(id, body.managementToken ?? managementTokenOf(request))) {
        throw new HoldlessError('MANAGEMENT_TOKEN_INVALID', 'Send the managementToken of the create answer (or an API key).', { field: 'managementToken' });
      }
      const r = await answerPush(ctx, id, body.action);
      request.log.info({ callbackId: id, action: r.action, state: r.cb.state }, 'push answered');
      const { cb, ...rest } = r;
      return { id: cb.id, state: cb.state, ...rest };
    });
  };
}
