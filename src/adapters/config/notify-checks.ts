/** Cross-checks of the notify/captcha sections: references to services, a key where CAPTCHA is required. */
import type { CrossCheckResult } from './cross-checks.js';

type Rec = Record<string, unknown>;
const rec = (x: unknown): Rec => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Rec) : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function checkNotify(root: Rec, serviceIds: Set<string>, out: CrossCheckResult): void {
  list(rec(root['notify'])['webhooks']).forEach((w, i) => {
    list(rec(w)['services']).forEach((s, j) => {
      if (typeof s === 'string' && !serviceIds.has(s)) {
        out.errors.push({ path: ['notify', 'webhooks', i, 'services', j], message: `unknown service "${s}" (known: ${[...serviceIds].join(', ')})` });
      }
    });
  });
  const needsKey = list(root['services']).findIndex((s) => rec(s)['captcha'] === 'required');
  if (needsKey >= 0 && rec(root['captcha'])['hmacKey'] === undefined) {
    out.errors.push({ path: ['services', needsKey, 'captcha'], message: 'requires CAPTCHA, but captcha.hmacKey is not set (e.g. hmacKey: ${HOLDLESS_CAPTCHA_KEY})' });
  }
}
