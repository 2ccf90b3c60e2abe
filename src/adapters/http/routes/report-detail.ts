/**
 * Detail report routes (admin):
 * GET /v1/reports/callbacks?from&to[&service][&state=A,B][&channel][&phone][&after][&limit][&masked]
 *     → { rows: DetailRow[], next: string|null } (keyset paging: pass `next` as `after`)
 * GET /v1/reports/callbacks/export?format=csv|ndjson&… (same filters) → streamed file, one row per
 *     callback (NDJSON rows carry the whole timeline), read page by page, never all at once.
 * Phone numbers are masked unless canSeeNumbers() allows them.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../../../app/context.js';
import { detailPage, detailRows, parseStates, type DetailFilter, type DetailRow } from '../../../app/reports/callback-detail.js';
import { access } from '../../../app/access/roles.js';
import { csvLine } from '../csv.js';
import { canSeeNumbers } from '../report-access.js';
import { IsoWithOffset } from '../schemas.js';
import { CHANNELS, reportRange } from './reports.js';

const Filters = {
  from: IsoWithOffset, to: IsoWithOffset,
  service: Type.Optional(Type.String({ maxLength: 64 })),
  state: Type.Optional(Type.String({ maxLength: 200, description: 'comma-separated callback states' })),
  channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
  phone: Type.Optional(Type.String({ maxLength: 20, description: 'E.164' })),
  masked: Type.Optional(Type.Boolean({ description: 'mask numbers even for a role that may see them' })),
};
const PageQuery = Type.Object({
  ...Filters, after: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
}, { additionalProperties: false });
const ExportQuery = Type.Object({ ...Filters, format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]) }, { additionalProperties: false });

const CSV_COLUMNS = [
  'id', 'serviceId', 'subjectId', 'channel', 'phone', 'requestedAt', 'slotStart', 'ewtSecondsAtRequest', 'state', 'endReason', 'endedAt',
  'attempts', 'attemptOutcomes', 'firstAttemptAt', 'connectedAt', 'agentId', 'dispositionCode', 'dispositionNotes',
] as const;

const csvRow = (r: DetailRow): string => csvLine([
  r.id, r.serviceId, r.subjectId, r.channel, r.phone, r.requestedAt, r.slotStart, r.ewtSecondsAtRequest, r.state, r.endReason, r.endedAt,
  r.attempts.length, r.attempts.map((a) => a.outcome ?? 'OPEN').join(';'), r.attempts[0]?.startedAt ?? null, r.connectedAt, r.agentId,
  r.disposition?.code ?? null, r.disposition?.notes ?? null,
]);

const REPORT_READERS = access.roles('supervisor', 'monitor', 'administrator');

export function reportDetailRoutes(deps: { ctx: AppContext }) {
  const filterOf = (q: Static<typeof ExportQuery> | Static<typeof PageQuery>): Omit<DetailFilter, 'limit'> => {
    const { from, to } = reportRange(deps.ctx, q);
    return { from, to, serviceId: q.service, states: parseStates(q.state), channel: q.channel, phone: q.phone };
  };
  const numbers = (request: FastifyRequest, masked?: boolean) => canSeeNumbers(request, masked === true);

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/reports/callbacks', {
      schema: { tags: ['admin'], summary: 'Detail report: one row per callback with its timeline (keyset-paged)', querystring: PageQuery },
      config: { access: REPORT_READERS },
    }, async (request) => {
      const q = request.query as Static<typeof PageQuery>;
      return await detailPage(deps.ctx, { ...filterOf(q), afterId: q.after, limit: q.limit ?? 50 }, numbers(request, q.masked));
    });

    app.get('/v1/reports/callbacks/export', {
      schema: { tags: ['admin'], summary: 'Detail report as a streamed CSV or NDJSON file', querystring: ExportQuery },
      config: { access: REPORT_READERS },
    }, async (request, reply) => {
      const q = request.query as Static<typeof ExportQuery>;
      const rows = detailRows(deps.ctx, filterOf(q), numbers(request, q.masked));
      const csv = q.format === 'csv';
      async function* lines(): AsyncGenerator<string> {
        if (csv) yield csvLine([...CSV_COLUMNS]);
        for await (const r of rows) yield csv ? csvRow(r) : `${JSON.stringify(r)}\n`;
      }
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="callbacks.${q.format}"`)
        .send(Readable.from(lines()));
    });
  };
}
