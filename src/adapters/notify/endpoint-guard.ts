/**
 * Send-time check of a push endpoint chosen by the public (a Web Push subscription's URL). The
 * intake judged the host by its spelling only; here every address the name RESOLVES to is checked
 * (a public name pointing at 127.0.0.1, 10.x, fd00::… would make us a relay into our network).
 * The same lookup is used for the connection itself, so a name that changes between the check and
 * the connect (DNS rebinding) is refused too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateHost } from '../http/push-intake.js';

/** dns.lookup with `all: true` (injectable: tests resolve names of their own). */
export type ResolveAll = (host: string, cb: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export const systemResolveAll: ResolveAll = (host, cb) => dnsLookup(host, { all: true, verbatim: true }, cb);

export interface EndpointGuardOptions { allowPrivateEndpoints: boolean; resolveAll?: ResolveAll; ca?: string }

export type EndpointCheck = { ok: true } | { ok: false; error: string };

export interface EndpointGuard {
  /** Resolves the endpoint's host; refused when any address is private and the config does not allow it. */
  check(endpoint: string): Promise<EndpointCheck>;
  /** An https agent whose connections resolve through the same check. */
  agent: https.Agent;
}

function firstPrivate(addresses: LookupAddress[]): string | undefined {
  return addresses.find((a) => isPrivateHost(a.address))?.address;
}

const refusal = (host: string, address: string) =>
  `push endpoint host '${host}' resolves to a private, loopback or link-local address (${address}); push.allowPrivateEndpoints is off`;

export function createEndpointGuard(opts: EndpointGuardOptions): EndpointGuard {
  const resolveAll = opts.resolveAll ?? systemResolveAll;
  const resolve = (host: string) => new Promise<LookupAddress[]>((ok, fail) => resolveAll(host, (e, a) => (e ? fail(e) : ok(a))));
  const lookup = ((host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    resolveAll(host, (err, addresses) => {
      if (err) return cb(err);
      const bad = opts.allowPrivateEndpoints ? undefined : firstPrivate(addresses);
      if (bad) return cb(Object.assign(new Error(refusal(host, bad)), { code: 'EPRIVATEADDRESS' }));
      if (!addresses.length) return cb(Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' }));
      if (options.all) return cb(null, addresses);
      cb(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as LookupFunction;
  return {
    agent: new https.Agent({ keepAlive: true, lookup, ...(opts.ca ? { ca: opts.ca } : {}) }),
    async check(endpoint) {
      if (opts.allowPrivateEndpoints) return { ok: true };
      const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
      if (isPrivateHost(host)) return { ok: false, error: refusal(host, host) };
      try {
        const bad = firstPrivate(await resolve(host));
        return bad ? { ok: false, error: refusal(host, bad) } : { ok: true };
      } catch {
        return { ok: true }; // not resolvable now: the send fails as a network error and is retried
      }
    },
  };
}
