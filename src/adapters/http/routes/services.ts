import type { FastifyInstance } from 'fastify';
import { IANAZone } from 'luxon';
import { Type } from '@sinclair/typebox';
import { HoldlessError } from '../../../domain/errors.js';
import type { AppContext } from '../../../app/context.js';
import { availability, serviceStatus, validateNumber } from '../../../app/callbacks/service-info.js';
import { optionalInstant } from '../validation.js';
import { access } from '../../../app/access/roles.js';
import { AvailabilityQuery, AvailabilityReply, StatusReply, ValidateQuery } from '../schemas.js';

const ServiceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export async function serviceRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get('/v1/services', { schema: { tags: ['services'], summary: 'Services and subjects a request may name' }, config: { access: access.public } }, async () => ({
    services: ctx.catalog.services.map((s) => ({ id: s.id, name: s.name, slotMinutes: s.slotMinutes, language: s.language, defaultCountry: s.defaultCountry })),
    subjects: ctx.catalog.subjects.map((s) => ({ id: s.id, label: s.label, serviceId: s.serviceId })),
  }));

  app.get('/v1/services/:id/availability', {
    schema: { tags: ['services'], summary: 'Bookable slots with remaining capacity', params: ServiceParams, querystring: AvailabilityQuery, response: { 200: AvailabilityReply } },
    config: { access: access.public },
  }, async (request) => {
    const q = request.query as AvailabilityQuery;
    if (q.tz !== undefined && !IANAZone.isValidZone(q.tz)) {
      throw new HoldlessError('TIMEZONE_UNKNOWN', `Unknown IANA time zone '${q.tz}'.`, { field: 'tz' });
    }
    return await availability(ctx, {
      serviceId: (request.params as { id: string }).id,
      from: optionalInstant(q.from, 'from'),
      to: optionalInstant(q.to, 'to'),
      timezone: q.tz,
      includeFull: q.includeFull,
    });
  });

  app.get('/v1/services/:id/status', {
    schema: { tags: ['services'], summary: 'Open now, EWT, and which callback offers to show', params: ServiceParams, response: { 200: StatusReply } },
    config: { access: access.public },
  }, async (request) => await serviceStatus(ctx, (request.params as { id: string }).id));

  app.get('/v1/phone-numbers/validate', {
    schema: { tags: ['services'], summary: 'Normalise and check a phone number against the rules', querystring: ValidateQuery },
    config: { access: access.public },
  }, async (request) => {
    const q = request.query as { number: string; country?: string; serviceId?: string };
    return validateNumber(ctx, q.number, q.country, q.serviceId);
  });
}
