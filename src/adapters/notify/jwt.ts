/** Compact JWS signing with node:crypto: ES256 (VAPID-style, APNs) and RS256 (Google service accounts). */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export type JwtAlg = 'ES256' | 'RS256';

export function signJwt(alg: JwtAlg, key: KeyObject | string, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT', ...header }))}.${b64url(JSON.stringify(claims))}`;
  const k = typeof key === 'string' ? createPrivateKey(key) : key;
  // JWS ES256 wants the raw r||s signature (IEEE P1363), not DER.
  const sig = alg === 'ES256' ? sign('sha256', Buffer.from(input), { key: k, dsaEncoding: 'ieee-p1363' }) : sign('sha256', Buffer.from(input), k);
  return `${input}.${b64url(sig)}`;
}

/** A token reused until `refreshBeforeMs` before it runs out (providers throttle frequent new tokens). */
export class CachedToken {
  private value?: { token: string; until: number };
  private pending?: Promise<string>;
  constructor(private readonly make: () => Promise<{ token: string; lifetimeMs: number }>, private readonly now: () => number = Date.now) {}
  get(): Promise<string> {
    if (this.value && this.value.until > this.now()) return Promise.resolve(this.value.token);
    // Concurrent sends share one token request.
    this.pending ??= this.make().then(({ token, lifetimeMs }) => {
      this.value = { token, until: this.now() + Math.max(0, lifetimeMs - 60_000) };
      return token;
    }).finally(() => { this.pending = undefined; });
    return this.pending;
  }
  /** Drops the cached token (the provider said it is expired or invalid). */
  reset(): void { this.value = undefined; }
}
