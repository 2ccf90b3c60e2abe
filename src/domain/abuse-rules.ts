/**
 * Abuse rules per service (issue 11 part 3), pure: a service's own `rules` over the global ones,
 * the per-number time frame, and the service throttle verdict. Time comes in as `now`.
 */
import type { Instant, NumberRules, ServiceDef } from './model.js';

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/** The rules that apply to a service: each field it sets replaces the global one (no merging of lists). */
export function effectiveRules(global: NumberRules, service: Pick<ServiceDef, 'rules'> | undefined): NumberRules {
  const own = service?.rules;
  if (!own) return global;
  const merged: NumberRules = { ...global };
  for (const [k, v] of Object.entries(own)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  return merged;
}

/** How many requests one number may make, within which window (ms). */
export function perNumberLimit(rules: NumberRules): { count: number; windowMs: number; windowMinutes: number } {
  const r = rules.requestsPerNumber ?? { count: rules.maxRequestsPerNumberPer24h, windowMinutes: DAY_MINUTES };
  return { count: r.count, windowMs: r.windowMinutes * MINUTE, windowMinutes: r.windowMinutes };
}

export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * May the service take one more request? `recent` counts the requests since now − window and
 * gives the oldest of them: the answer frees up when that one leaves the window.
 */
export function throttleVerdict(rules: NumberRules, recent: { count: number; oldest: Instant | undefined }, now: Instant): ThrottleVerdict {
  const t = rules.serviceThrottle;
  if (!t || recent.count < t.requests) return { ok: true };
  const windowMs = t.windowMinutes * MINUTE;
  const freeAt = (recent.oldest ?? now) + windowMs;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
}

/** The throttle's window start for a store query, or undefined when the service has no throttle. */
export function throttleSince(rules: NumberRules, now: Instant): Instant | undefined {
  return rules.serviceThrottle ? now - rules.serviceThrottle.windowMinutes * MINUTE : undefined;
}

/** Which rule a refusal code comes from, for "why not" answers. */
export function ruleOf(code: string): string {
  switch (code) {
    case 'PHONE_COUNTRY_NOT_ALLOWED': return 'allowedCountries';
    case 'PHONE_BLOCKED_PATTERN': return 'blockedPatterns';
    case 'PHONE_PREMIUM': return 'blockPremium';
    case 'PHONE_SHARED_COST': return 'blockSharedCost';
    case 'PHONE_EMERGENCY': case 'PHONE_SHORT_CODE': case 'PHONE_TYPE_NOT_ALLOWED': return 'numberType';
    case 'NUMBER_RATE_LIMITED': return 'requestsPerNumber';
    case 'CALLBACK_ALREADY_OPEN': return 'maxOpenPerNumberPerService';
    case 'SERVICE_THROTTLED': return 'serviceThrottle';
    default: return 'format';
  }
}
