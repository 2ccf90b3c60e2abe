import { HoldlessError } from '../../../domain/errors.js';
import type { LinkState } from '../../../app/ports/call-control.js';
import { bounded } from './media-race.js';
import { backoffDelay } from './sip-outcome.js';
import { mediaServerSipAddress, type MediaServerLike, type MrfLike, type SrfLike } from './types.js';

export interface Endpoint { host: string; port: number; secret: string }
export interface ConnectionOptions {
  drachtio: Endpoint;
  mediaServer: Endpoint & { listenAddress?: string; advertisedAddress?: string };
  allowDefaultSecrets: boolean;
  maxBackoffMs: number;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
}
export interface Log { info(o: object, m?: string): void; warn(o: object, m?: string): void }

const DEFAULT_SECRETS = ['cymru', 'ClueCon', 'JambonzR0ck$'];

/** Well-known secrets are refused unless explicitly allowed (development only). */
export function checkSecrets(opts: Pick<ConnectionOptions, 'drachtio' | 'mediaServer' | 'allowDefaultSecrets'>): void {
  if (opts.allowDefaultSecrets) return;
  const bad = [
    DEFAULT_SECRETS.includes(opts.drachtio.secret) || !opts.drachtio.secret ? 'drachtio admin secret' : undefined,
    DEFAULT_SECRETS.includes(opts.mediaServer.secret) || !opts.mediaServer.secret ? 'FreeSWITCH event socket password' : undefined,
  ].filter(Boolean);
  if (bad.length) {
    throw new HoldlessError('TELEPHONY_DEFAULT_SECRET', `refusing well-known or empty ${bad.join(' and ')}; set real secrets or telephony.allowDefaultSecrets for development`, { which: bad });
  }
}

/** Consecutive failed SIP probes before the drachtio link is declared dead and re-opened. */
export const SIP_PROBE_MISSES = 3;

/**
 * drachtio (inbound connection mode) and one FreeSWITCH via fsmrf, each kept up with capped
 * backoff. A heartbeat probes both because a silently dropped TCP link raises no event: an
 * `api status` to FreeSWITCH, and an OPTIONS through drachtio to FreeSWITCH's SIP profile,
 * waiting for its answer. (drachtio refuses a request addressed to itself, and a reconnect
 * orphans the dialogs of calls in progress, so one lost probe never reconnects.)
 */
export class TelephonyConnections {
  signalling: LinkState = 'down';
  media: LinkState = 'down';
  ms?: MediaServerLike;
  private sipMisses = 0;
  private stopped = false;
  private msAttempt = 0;
  private timers = new Set<NodeJS.Timeout>();

  constructor(readonly srf: SrfLike, private readonly mrf: MrfLike, private readonly opts: ConnectionOptions, private readonly log: Log) {}

  async start(): Promise<void> {
    checkSecrets(this.opts);
    this.stopped = false;
    const srf = this.srf;
    srf.on('error', (err: Error) => this.log.warn({ err: err.message }, 'drachtio connection error'));
    srf.on('connect', (err: Error | undefined, hostport: string) => {
      if (err) return this.log.warn({ err: String(err) }, 'drachtio refused the connection');
      this.signalling = 'up';
      this.sipMisses = 0;
      this.log.info({ hostport }, 'drachtio connected');
    });
    srf.on('reconnecting', () => { this.signalling = 'down'; });
    srf.on('close', () => { this.signalling = 'down'; });
    srf.on('disconnect', () => { this.signalling = 'down'; });
    srf.options((_req, res) => res.send(200)); // trunk pings and our own heartbeat
    const d = this.opts.drachtio;
    srf.connect({ host: d.host, port: d.port, secret: d.secret, enablePing: true, pingInterval: 10_000, reconnect: { retryMaxDelay: this.opts.maxBackoffMs } });
    void this.connectMedia();
    this.every(this.opts.heartbeatMs, () => void this.heartbeat());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t), clearInterval(t);
    this.timers.clear();
    try { this.ms?.disconnect(); } catch { /* already gone */ }
    try { this.srf.disconnect(); } catch { /* already gone */ }
    this.signalling = 'down';
    this.media = 'down';
  }

  /** fsmrf does not retry its first connect and its modesl reconnect is not relied on (jambonz pattern). */
  async connectMedia(): Promise<void> {
    if (this.stopped) return;
    const m = this.opts.mediaServer;
    try {
      const ms = await this.mrf.connect({ address: m.host, port: m.port, secret: m.secret, listenAddress: m.listenAddress, advertisedAddress: m.advertisedAddress });
      ms.on('error', (err: Error) => this.log.warn({ err: err.message }, 'media server error'));
      ms.on('end', () => this.mediaLost('event socket closed'));
      this.ms = ms;
      this.media = 'up';
      this.msAttempt = 0;
      this.log.info({ host: m.host }, 'media server connected');
    } catch (err) {
      this.media = 'down';
      const delay = backoffDelay(this.msAttempt++, this.opts.maxBackoffMs);
      this.log.warn({ err: String(err), retryInMs: delay }, 'media server connect failed');
      this.later(delay, () => void this.connectMedia());
    }
  }

  private mediaLost(reason: string): void {
    if (this.media === 'down' || this.stopped) return;
    this.media = 'down';
    this.log.warn({ reason }, 'media server lost');
    try { this.ms?.disconnect(); } catch { /* already gone */ }
    this.ms = undefined;
    this.later(backoffDelay(this.msAttempt++, this.opts.maxBackoffMs), () => void this.connectMedia());
  }

  /** One probe of each link; a probe that does not answer in time marks the link down. */
  async heartbeat(): Promise<void> {
    const t = this.opts.heartbeatTimeoutMs;
    if (this.ms && this.media === 'up') {
      const ok = await bounded(async () => { await this.ms!.api('status'); return true; }, t);
      if (!ok) this.mediaLost('heartbeat: no answer to api status');
    }
    const target = mediaServerSipAddress(this.ms?.sip);
    if (this.signalling === 'up' && target) {
      const ok = await bounded(() => this.optionsAnswered(`sip:heartbeat@${target}`), t);
      if (ok) this.sipMisses = 0;
      else if (++this.sipMisses >= SIP_PROBE_MISSES) this.reconnectSignalling();
      else this.log.warn({ misses: this.sipMisses }, 'drachtio heartbeat: no answer');
    }
  }

  /** Resolves true when the OPTIONS gets any final answer (srf.request resolves when sent). */
  private async optionsAnswered(uri: string): Promise<boolean> {
    const req = await this.srf.request(uri, { method: 'OPTIONS' });
    return new Promise<boolean>((resolve) => {
      req.once('response', (res: { status?: number }) => resolve((res.status ?? 0) >= 200));
    });
  }

  private reconnectSignalling(): void {
    this.signalling = 'down';
    this.sipMisses = 0;
    this.log.warn({ misses: SIP_PROBE_MISSES }, 'drachtio heartbeat failed: reconnecting');
    try { this.srf.disconnect(); } catch { /* ignore */ }
    const d = this.opts.drachtio;
    this.later(backoffDelay(0, this.opts.maxBackoffMs), () => this.srf.connect({
      host: d.host, port: d.port, secret: d.secret, enablePing: true, pingInterval: 10_000, reconnect: { retryMaxDelay: this.opts.maxBackoffMs },
    }));
  }

  private later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref?.();
    this.timers.add(t);
  }
}
