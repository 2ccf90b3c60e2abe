/**
 * Brute-force brake for digest authentication: failed attempts are counted per source IP and
 * per username over a sliding window; past the limit, that source or username is blocked for a
 * while (answered 429 without checking credentials, so guessing gains nothing). A success
 * clears the username's count, not the source's: one good phone behind a NAT must not unlock
 * a scanner on the same address.
 */
import type { Instant } from '../../domain/model.js';

export interface LimiterRules { maxFailuresPerSource: number; maxFailuresPerUser: number; windowMs: number; blockMs: number }
export type LimitVerdict = { blocked: false } | { blocked: true; by: 'source' | 'username'; retryAfterSeconds: number };

interface Counter { failures: Instant[]; blockedUntil: Instant }

export class AttemptLimiter {
  private readonly bySource = new Map<string, Counter>();
  private readonly byUser = new Map<string, Counter>();

  constructor(private readonly rules: LimiterRules) {}

  verdict(source: string, username: string | undefined, now: Instant): LimitVerdict {
    const s = this.bySource.get(source);
    if (s && s.blockedUntil > now) return { blocked: true, by: 'source', retryAfterSeconds: Math.ceil((s.blockedUntil - now) / 1000) };
    const u = username === undefined ? undefined : this.byUser.get(username);
    if (u && u.blockedUntil > now) return { blocked: true, by: 'username', retryAfterSeconds: Math.ceil((u.blockedUntil - now) / 1000) };
    return { blocked: false };
  }

  failed(source: string, username: string | undefined, now: Instant): void {
    this.count(this.bySource, source, this.rules.maxFailuresPerSource, now);
    if (username !== undefined) this.count(this.byUser, username, this.rules.maxFailuresPerUser, now);
  }

  succeeded(username: string): void {
    this.byUser.delete(username);
  }

  private count(map: Map<string, Counter>, key: string, max: number, now: Instant): void {
    const c = map.get(key) ?? { failures: [], blockedUntil: 0 };
    c.failures = c.failures.filter((t) => now - t < this.rules.windowMs);
    c.failures.push(now);
    if (c.failures.length >= max) {
      c.blockedUntil = now + this.rules.blockMs;
      c.failures = [];
    }
    map.set(key, c);
    if (map.size > 10_000) this.sweep(map, now);
  }

  private sweep(map: Map<string, Counter>, now: Instant): void {
    for (const [k, c] of map) if (c.blockedUntil < now && c.failures.every((t) => now - t >= this.rules.windowMs)) map.delete(k);
  }
}
