/**
 * Who may see full phone numbers (reports, the supervisor's callback list). The rule itself is one
 * function over the viewer's role (src/app/access/can-see-numbers.ts); here the request becomes a
 * viewer: today the admin token is the only signed-in role. The access-control work (issue 11)
 * replaces viewerOf with its own identity and roles.
 */
import type { FastifyRequest } from 'fastify';
import { canSeeNumbers as roleSeesNumbers, type Viewer } from '../../app/access/can-see-numbers.js';
import { bearer, sameSecret } from './auth.js';

export function viewerOf(request: FastifyRequest, adminToken: string): Viewer {
  const token = bearer(request);
  return { role: token !== undefined && sameSecret(token, adminToken) ? 'admin' : 'public' };
}

export function canSeeNumbers(request: FastifyRequest, adminToken: string, askedMasked = false): boolean {
  return !askedMasked && roleSeesNumbers(viewerOf(request, adminToken));
}
