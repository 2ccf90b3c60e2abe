/** Cross-checks of the access sections: sign-in ids unique over users and agents, API keys well formed. */
import type { FoundProblem } from './problems.js';

type Rec = Record<string, unknown>;
const rec = (x: unknown): Rec => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Rec) : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function checkAccess(root: Rec, serviceIds: Set<string>, errors: FoundProblem[]): void {
  const agentIds = new Set(list(root['agents']).map((a) => rec(a)['id']));
  list(root['users']).forEach((u, i) => {
    const id = rec(u)['id'];
    if (typeof id === 'string' && agentIds.has(id)) {
      errors.push({ path: ['users', i, 'id'], message: `"${id}" is also an agent id; sign-in ids must be unique over users and agents` });
    }
  });
  list(rec(root['http'])['apiKeys']).forEach((k, i) => {
    const key = rec(k);
    if ((key['key'] === undefined) === (key['keyHash'] === undefined)) {
      errors.push({ path: ['http', 'apiKeys', i], message: 'give exactly one of key (e.g. ${HOLDLESS_PARTNER_KEY}) or keyHash' });
    }
    list(key['services']).forEach((s, j) => {
      if (typeof s === 'string' && s !== '*' && !serviceIds.has(s)) {
        errors.push({ path: ['http', 'apiKeys', i, 'services', j], message: `unknown service "${s}" (known: ${[...serviceIds].join(', ')})` });
      }
    });
  });
}
