/**
 * Stateless digest nonces: `<issued ms, base36>.<salt>.<HMAC(secret, issued.salt)>` (the salt keeps
 * two phones challenged in the same millisecond apart, so their nc counts do not collide). Any node holding the
 * secret can check one without a table; a nonce older than its lifetime is answered with a new
 * challenge marked stale=true (the phone retries without asking its user), and one whose MAC
 * does not match (forged, or issued before a restart with another secret) is stale too, never a
 * wrong password. The highest nc seen per nonce is remembered so a captured request cannot be
 * replayed (RFC 2617 §3.2.2: nc must increase).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Instant } from '../../domain/model.js';
import { sameDigest } from '../../domain/sip/digest.js';

export type NonceCheck = 'fresh' | 'stale' | 'replayed';

export class NonceBook {
  private readonly lastNc = new Map<string, { nc: number; expiresAt: Instant }>();

  constructor(private readonly secret: string, private readonly ttlMs: number) {}

  issue(now: Instant): string {
    const body = `${now.toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  check(nonce: string, nc: string | undefined, now: Instant): NonceCheck {
    const [issued, salt, mac] = nonce.split('.');
    if (!issued || !salt || !mac || !sameDigest(mac, this.mac(`${issued}.${salt}`))) return 'stale';
    const at = parseInt(issued, 36);
    if (!Number.isFinite(at) || at > now || now - at > this.ttlMs) return 'stale';
    if (nc === undefined) return 'fresh';
    const count = parseInt(nc, 16);
    const seen = this.lastNc.get(nonce);
    if (!Number.isFinite(count) || (seen && count <= seen.nc)) return 'replayed';
    this.lastNc.set(nonce, { nc: count, expiresAt: at + this.ttlMs });
    this.sweep(now);
    return 'fresh';
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }

  /** Forget nonces past their lifetime: the map stays as small as the phones in use. */
  private sweep(now: Instant): void {
    if (this.lastNc.size < 1024) return;
    for (const [k, v] of this.lastNc) if (v.expiresAt < now) this.lastNc.delete(k);
  }
}
