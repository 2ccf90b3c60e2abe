/**
 * Who may see full phone numbers in reports. Today one rule: the admin token may, unless it asks
 * for masked output; everything else is masked. The access-control work (issue 11) replaces this
 * one function with its role decision.
 */
import type { FastifyRequest } from 'fastify';
import { bearer, sameSecret } from './auth.js';

export function canSeeNumbers(request: FastifyRequest, adminToken: string, askedMasked = false): boolean {
  const token = bearer(request);
  return !askedMasked && token !== undefined && sameSecret(token, adminToken);
}
