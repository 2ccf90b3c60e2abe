/**
 * Report routes (admin). Every figure comes from the event log (see docs/reports.md).
 * GET /v1/reports/services?from&to[&service]                 per service and local day (the first report)
 * GET /v1/reports/summary?from&to[&service][&channel][&interval=day|hour][&format=json|csv]
 *     → { from, to, interval, rows: SummaryRow[] }: one row per service × local day (or hour) and a
 *       'total' row per service; format=csv gives the same rows, nested figures as dotted columns.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { HoldlessError } from '../../../domain/errors.js';
import type { AppContext } from '../../../app/context.js';
import { serviceReport } from '../../../app/reports/service-report.js';
import { instantOf } from '../validation.js';
import { access } from '../../../app/access/roles.js';
import { callbackSummary, type SettingsOf } from '../../../app/reports/callback-summary.js';
import { toCsv } from '../csv.js';
import { IsoWithOffset } from '../schemas.js';

const Range = { from: IsoWithOffset, to: IsoWithOffset, service: Type.Optional(Type.String({ maxLength: 64 })) };
const ReportQuery = Type.Object(Range, { additionalProperties: false });
export const CHANNELS = ['ivr', 'web', 'api', 'call-in', 'agent', 'admin'] as const;
const SummaryQuery = Type.Object({
  ...Range,
  channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
  interval: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('hour')])),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
}, { additionalProperties: false });

const MAX_DAYS = 92;

/** from/to as instants, refused when backwards or too long; the service must exist. */
export function reportRange(ctx: AppContext, q: { from: string; to: string; service?: string }, maxDays = MAX_DAYS): { from: number; to: number } {
  const from = instantOf(q.from, 'from');
  const to = instantOf(q.to, 'to');
  if (to <= from) throw new HoldlessError('RANGE_INVALID', "'to' must be after 'from'.", { field: 'to' });
  if (to - from > maxDays * 86_400_000) throw new HoldlessError('RANGE_TOO_LARGE', `Ask for at most ${maxDays} days.`, { field: 'to' });
  if (q.service !== undefined) ctx.catalog.service(q.service, 'service');
  return { from, to };
}

export interface ReportRouteDeps { ctx: AppContext; settings: SettingsOf }

export function reportRoutes(deps: ReportRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/reports/services', {
      schema: { tags: ['admin'], summary: 'Historical report per service and day, from the event log', querystring: ReportQuery },
      config: { access: access.roles('supervisor', 'monitor', 'administrator') },
    }, async (request) => {
      const q = request.query as Static<typeof ReportQuery>;
      const { from, to } = reportRange(deps.ctx, q);
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), days: await serviceReport(deps.ctx, from, to, q.service) };
    });

    app.get('/v1/reports/summary', {
      schema: { tags: ['admin'], summary: 'Callback summary per service and local day or hour (JSON or CSV)', querystring: SummaryQuery },
      config: { access: access.roles('supervisor', 'monitor', 'administrator') },
    }, async (request, reply) => {
      const q = request.query as Static<typeof SummaryQuery>;
      const { from, to } = reportRange(deps.ctx, q);
      const interval = q.interval ?? 'day';
      if (interval === 'hour' && to - from > 31 * 86_400_000) {
        throw new HoldlessError('RANGE_TOO_LARGE', 'Hour intervals cover at most 31 days.', { field: 'to' });
      }
      const rows = await callbackSummary(deps.ctx, deps.settings, { from, to, interval, serviceId: q.service, channel: q.channel });
      if (q.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="callback-summary.csv"').send(toCsv(rows as never[]));
      }
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval, channel: q.channel ?? null, rows };
    });
  };
}
