/**
 * Outbound registration to carriers whose trunk is registration-based: REGISTER through
 * drachtio with the trunk's digest credentials (drachtio-srf answers the 401/407 itself),
 * refreshed before the granted expiry, retried with backoff after a failure. The state of
 * each trunk shows on /readyz and /metrics; a trunk whose registration failed is tried last.
 */
import type { TrunkConfig } from '../../config/types.js';
import type { Log } from './connections.js';
import { backoffDelay } from './sip-outcome.js';
import type { SrfLike } from './types.js';
import type { TrunkOrder } from './trunks.js';

export type TrunkRegistrationState = 'not-required' | 'registering' | 'registered' | 'failed';
export interface TrunkStatus { id: string; registration: TrunkRegistrationState; expiresInSeconds?: number; lastStatus?: number }

interface Timers { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void }
const realTimers: Timers = {
  set: (fn, ms) => { const t = setTimeout(fn, ms); t.unref?.(); return t; },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Refresh at 80 % of what the carrier granted (never later than 30 s before it runs out). */
export const refreshDelayMs = (grantedSeconds: number): number => Math.max(5_000, Math.min(grantedSeconds * 800, (grantedSeconds - 30) * 1000));

/** The expiry the 200 OK grants: our Contact's expires param, else Expires, else what we asked. */
export function grantedSeconds(res: { get(name: string): string | undefined }, asked: number): number {
  const contact = /;\s*expires\s*=\s*(\d+)/i.exec(res.get('Contact') ?? '')?.[1];
  const header = res.get('Expires');
  const n = Number(contact ?? header ?? asked);
  return Number.isFinite(n) && n > 0 ? n : asked;
}

export class TrunkRegistrations implements TrunkOrder {
  private readonly state = new Map<string, TrunkStatus>();
  private readonly handles = new Map<string, unknown>();
  private readonly attempts = new Map<string, number>();
  private stopped = true;

  constructor(private readonly srf: SrfLike, private readonly trunks: TrunkConfig[], private readonly log: Log, private readonly timers: Timers = realTimers) {
    for (const t of trunks) this.state.set(t.id, { id: t.id, registration: t.register ? 'registering' : 'not-required' });
  }

  start(): void {
    this.stopped = false;
    for (const t of this.trunks) if (t.register) void this.register(t);
  }

  stop(): void {
    this.stopped = true;
    for (const h of this.handles.values()) this.timers.clear(h);
    this.handles.clear();
  }

  status(): TrunkStatus[] {
    return this.trunks.map((t) => this.state.get(t.id)!);
  }

  /** Priority order, trunks whose registration failed last. */
  ordered(): TrunkConfig[] {
    const failed = (t: TrunkConfig) => (this.state.get(t.id)?.registration === 'failed' ? 1 : 0);
    return [...this.trunks].sort((a, b) => failed(a) - failed(b) || a.priority - b.priority);
  }

  async register(t: TrunkConfig): Promise<void> {
    if (this.stopped) return;
    const domain = t.host.replace(/^sips?:/, '').replace(/:\d+$/, '');
    const user = t.auth?.username ?? '';
    const asked = t.registerExpiresSeconds;
    try {
      const req = await this.srf.request(t.registrarUri ?? `sip:${t.host.replace(/^sips?:/, '')}`, {
        method: 'REGISTER', auth: t.auth, proxy: t.proxy,
        headers: { From: `<sip:${user}@${domain}>`, To: `<sip:${user}@${domain}>`, Contact: `<sip:${user}@localhost>`, Expires: String(asked) },
      });
      const res = await new Promise<{ status?: number; get(name: string): string | undefined } | undefined>((resolve) => {
        const timer = this.timers.set(() => resolve(undefined), 32_000);
        req.once('response', (r: { status?: number; get(name: string): string | undefined }) => { this.timers.clear(timer); resolve(r); });
      });
      if (res && (res.status ?? 0) >= 200 && (res.status ?? 0) < 300) return this.registered(t, grantedSeconds(res, asked), res.status!);
      this.failed(t, res?.status, res ? `REGISTER answered ${res.status}` : 'no answer to REGISTER');
    } catch (err) {
      this.failed(t, undefined, String((err as Error)?.message ?? err));
    }
  }

  private registered(t: TrunkConfig, seconds: number, status: number): void {
    const was = this.state.get(t.id)?.registration;
    this.state.set(t.id, { id: t.id, registration: 'registered', expiresInSeconds: seconds, lastStatus: status });
    this.attempts.set(t.id, 0);
    if (was !== 'registered') this.log.info({ trunk: t.id, expires: seconds }, 'registered to the carrier');
    this.later(t, refreshDelayMs(seconds));
  }

  private failed(t: TrunkConfig, status: number | undefined, detail: string): void {
    this.state.set(t.id, { id: t.id, registration: 'failed', lastStatus: status });
    const n = this.attempts.get(t.id) ?? 0;
    this.attempts.set(t.id, n + 1);
    const delay = backoffDelay(n, 300_000, 5_000);
    this.log.warn({ trunk: t.id, status, detail, retryInMs: delay }, 'carrier registration failed');
    this.later(t, delay);
  }

  private later(t: TrunkConfig, ms: number): void {
    if (this.stopped) return;
    const old = this.handles.get(t.id);
    if (old !== undefined) this.timers.clear(old);
    this.handles.set(t.id, this.timers.set(() => void this.register(t), ms));
  }
}
