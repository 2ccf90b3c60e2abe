/**
 * GET /v1/widget/config?service=<id> | ?subject=<id> → { company, service: {id, name, language, defaultCountry,
 * phoneNumber}, subject, originAllowed }. Public data only, readable from any site (CORS *), so the
 * widget on a site that is not in http.corsOrigins can still say that callbacks are unavailable there
 * and show the service's phone number instead of "could not reach the server".
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../../app/context.js';
import { widgetConfig } from '../../../app/callbacks/widget-config.js';
import { access } from '../../../app/access/roles.js';

const Query = Type.Object({
  service: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { additionalProperties: false });

export function widgetConfigRoutes(deps: { ctx: AppContext; corsOrigins: string[] }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/widget/config', { schema: { tags: ['services'], summary: 'Company, service and language for the widget; is this site allowed', querystring: Query }, config: { access: access.public } }, async (request, reply) => {
      const q = request.query as Static<typeof Query>;
      const origin = request.headers.origin;
      // No Origin header: a same-origin page (or a server) asks, and those are always allowed.
      const originAllowed = origin === undefined || deps.corsOrigins.includes(origin);
      reply.header('access-control-allow-origin', '*');
      return { ...widgetConfig(deps.ctx, { serviceId: q.service, subjectId: q.subject }), originAllowed };
    });
  };
}
