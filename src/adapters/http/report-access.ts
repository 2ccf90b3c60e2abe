/**
 * Who may see full phone numbers in reports: the role decision of src/app/access (administrators,
 * supervisors, agents, API keys), unless the caller asks for masked output.
 */
import type { FastifyRequest } from 'fastify';
import { canSeeNumbers as roleSeesNumbers } from '../../app/access/numbers.js';

export function canSeeNumbers(request: FastifyRequest, askedMasked = false): boolean {
  return !askedMasked && roleSeesNumbers(request.identity);
}
