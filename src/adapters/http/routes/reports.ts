import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { HoldlessError } from '../../../domain/errors.js';
import type { AppContext } from '../../../app/context.js';
import { serviceReport } from '../../../app/reports/service-report.js';
import { instantOf } from '../validation.js';
import { access } from '../../../app/access/roles.js';
import { IsoWithOffset } from '../schemas.js';

const ReportQuery = Type.Object(
  { from: IsoWithOffset, to: IsoWithOffset, service: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

const MAX_DAYS = 92;

/** GET /v1/reports/services?from&to[&service] (admin): per service and local day, from the event log. */
export function reportRoutes(deps: { ctx: AppContext }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/reports/services', {
      schema: { tags: ['admin'], summary: 'Historical report per service and day, from the event log', querystring: ReportQuery },
      config: { access: access.roles('supervisor', 'monitor', 'administrator') },
    }, async (request) => {
      const q = request.query as Static<typeof ReportQuery>;
      const from = instantOf(q.from, 'from');
      const to = instantOf(q.to, 'to');
      if (to <= from) throw new HoldlessError('RANGE_INVALID', "'to' must be after 'from'.", { field: 'to' });
      if (to - from > MAX_DAYS * 86_400_000) throw new HoldlessError('RANGE_TOO_LARGE', `Ask for at most ${MAX_DAYS} days.`, { field: 'to' });
      if (q.service !== undefined) deps.ctx.catalog.service(q.service);
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), days: serviceReport(deps.ctx, from, to, q.service) };
    });
  };
}
