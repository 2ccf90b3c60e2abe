/** The IVR's call-in matcher (match_call_in verb) over the match use case. */
import { callInPolicy } from '../../domain/call-in.js';
import { checkNumber } from '../../domain/phone.js';
import type { AppContext } from '../context.js';
import type { CallInMatcher } from '../ivr/ivr-backend.js';
import { matchCallIn } from './match-call-in.js';

/**
 * The caller id as E.164 for matching, or undefined. Only its form matters here: the number
 * policy (blocked patterns, countries) is for dialling out, not for recognising a caller.
 */
export function aniE164(ctx: AppContext, ani: string): string | undefined {
  const service = ctx.catalog.services[0];
  const check = checkNumber(ani.replace(/^sips?:/, '').replace(/@.*$/, ''), {
    defaultCountry: service?.defaultCountry, rules: { ...ctx.catalog.rules, allowedCountries: [], blockedPatterns: [] },
  });
  return check.ok ? check.e164 : undefined;
}

export function callInMatcher(ctx: AppContext): CallInMatcher {
  const offering = ctx.catalog.services.filter((s) => callInPolicy(s).number !== undefined);
  return {
    codeLengths(serviceId) {
      const services = serviceId !== undefined ? [ctx.catalog.service(serviceId)] : offering.length ? offering : ctx.catalog.services;
      return [...new Set(services.map((s) => callInPolicy(s).codeLength))].sort((a, b) => a - b);
    },
    async match(req) {
      if (req.code !== undefined) return matchCallIn(ctx, { callId: req.callId, code: req.code });
      const ani = req.ani !== undefined ? aniE164(ctx, req.ani) : undefined;
      if (!ani) return { ok: false, reason: 'UNKNOWN' };
      return matchCallIn(ctx, { callId: req.callId, ani });
    },
  };
}
