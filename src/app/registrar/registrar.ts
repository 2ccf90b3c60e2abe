/**
 * The registrar of agent desk phones: digest-authenticated REGISTER (MD5 and SHA-256, RFC 8760),
 * bindings with their expiry kept in the store (a restart does not forget who is registered),
 * un-REGISTER (Expires: 0, Contact: *), refreshes, and the brute-force brake. The SIP adapter
 * only translates the request and the reply; everything decided here is testable without
 * drachtio.
 */
import type { AgentDef, Instant } from '../../domain/model.js';
import {
  challengeHeaders, expectedResponse, isHa1, parseAuthorization, sameDigest, type DigestAlgorithm, type DigestCredentials,
} from '../../domain/sip/digest.js';
import {
  isOutOfOrder, liveBindings, parseContactHeader, planBindings, type ExpiryRules, type PhoneBinding,
} from '../../domain/sip/registration.js';
import type { Clock } from '../ports/clock.js';
import type { Store, Tx } from '../ports/store.js';
import { AttemptLimiter, type LimiterRules } from './attempt-limiter.js';
import { NonceBook } from './nonces.js';

export interface RegistrarSettings { realm: string; nonceTtlSeconds: number; expiry: ExpiryRules; limits: LimiterRules }

export interface RegisterRequest {
  sourceIp: string;
  sourcePort: number;
  /** The user part of the To URI: the address of record being registered. */
  aorUser: string;
  authorization?: string;
  contact: string[];
  expires?: number;
  callId: string;
  cseq: number;
  userAgent?: string;
}

export type RegisterReply =
  | { status: 200; contacts: { uri: string; expiresSeconds: number }[] }
  | { status: 401; challenges: string[] }
  | { status: 400 | 403; reason: string }
  | { status: 423; minExpires: number }
  | { status: 429; retryAfterSeconds: number; by: 'source' | 'username' };

export interface PhoneStatus {
  mode: 'static' | 'register';
  registered: boolean;
  contact: string | null;
  expiresAt: Instant | null;
}

/** What a SIP driver needs of the registrar. */
export interface PhoneRegistrations {
  register(req: RegisterRequest): Promise<RegisterReply>;
}

export interface RegistrarLog { info(o: object, m?: string): void; warn(o: object, m?: string): void }

export class PhoneRegistrar implements PhoneRegistrations {
  private readonly nonces: NonceBook;
  private readonly limiter: AttemptLimiter;
  private readonly byUsername = new Map<string, AgentDef>();
  /**
   * The stored bindings by agent, kept in step after every committed change: routing asks "where
   * does this agent's phone ring" synchronously, inside dispatch decisions. load() fills it.
   */
  private readonly bindings = new Map<string, PhoneBinding[]>();

  constructor(
    private readonly deps: { store: Store; clock: Clock; agents: AgentDef[]; nonceSecret: string; log: RegistrarLog },
    private readonly settings: RegistrarSettings,
  ) {
    this.nonces = new NonceBook(deps.nonceSecret, settings.nonceTtlSeconds * 1000);
    this.limiter = new AttemptLimiter(settings.limits);
    for (const a of deps.agents) if (a.phone) this.byUsername.set(a.phone.username, a);
  }

  get realm(): string { return this.settings.realm; }

  /** Reads the stored bindings (at start, before SIP and dispatch begin). */
  async load(): Promise<number> {
    const all = await this.deps.store.read(async (tx) => await tx.phoneBindings.all());
    this.bindings.clear();
    for (const b of all) this.bindings.set(b.agentId, [...(this.bindings.get(b.agentId) ?? []), b]);
    return all.length;
  }

  private readonly changedListeners = new Set<(agentId: string) => void>();

  /** Told after this node committed a change of the agent's bindings (the other nodes of a cluster re-read them). */
  onChanged(fn: (agentId: string) => void): void {
    this.changedListeners.add(fn);
  }

  /** Another node changed the agent's bindings (a phone registered through its SIP server): read them again. */
  async refresh(agentId: string): Promise<void> {
    this.bindings.set(agentId, await this.deps.store.read(async (tx) => await tx.phoneBindings.forAgent(agentId)));
  }

  private async reloadAgent(agentId: string): Promise<void> {
    await this.refresh(agentId);
    for (const l of this.changedListeners) l(agentId);
  }

  mustRegister(agentId: string): boolean {
    return this.deps.agents.some((a) => a.id === agentId && a.phone !== undefined);
  }

  /** Where to ring the agent now: the freshest live binding, or the static URI; undefined when unregistered. */
  contactFor(agent: AgentDef, now: Instant): string | undefined {
    if (!agent.phone) return agent.sip;
    return this.live(agent.id, now)[0]?.contact;
  }

  status(agent: AgentDef, now: Instant): PhoneStatus {
    if (!agent.phone) return { mode: 'static', registered: true, contact: agent.sip, expiresAt: null };
    const b = this.live(agent.id, now)[0];
    return { mode: 'register', registered: b !== undefined, contact: b?.contact ?? null, expiresAt: b?.expiresAt ?? null };
  }

  async register(req: RegisterRequest): Promise<RegisterReply> {
    const now = this.deps.clock.now();
    const creds = parseAuthorization(req.authorization);
    const username = creds?.username ?? req.aorUser;
    const verdict = this.limiter.verdict(req.sourceIp, username, now);
    if (verdict.blocked) {
      this.deps.log.warn({ source: req.sourceIp, username, by: verdict.by }, 'REGISTER refused: too many failed attempts');
      return { status: 429, retryAfterSeconds: verdict.retryAfterSeconds, by: verdict.by };
    }
    const agent = this.byUsername.get(req.aorUser);
    if (!creds) return this.challenge(agent, now, false);
    const refused = this.authenticate(creds, agent, now);
    if (refused === 'stale') return this.challenge(agent, now, true);
    if (refused) {
      this.limiter.failed(req.sourceIp, username, now);
      this.deps.log.warn({ source: req.sourceIp, username, aor: req.aorUser, why: refused }, 'REGISTER authentication failed');
      return { status: 403, reason: 'Forbidden' };
    }
    this.limiter.succeeded(username);
    return this.bind(agent!, req, now);
  }

  /** Bindings that ran out are removed, each with an event. */
  async expire(now: Instant): Promise<number> {
    const gone = await this.deps.store.read(async (tx) => (await tx.phoneBindings.all()).filter((b) => b.expiresAt <= now));
    if (gone.length === 0) return 0;
    await this.deps.store.write(async (tx) => {
      await tx.phoneBindings.purgeExpired(now);
      for (const b of gone) await tx.events.append({ at: now, type: 'PHONE_UNREGISTERED', agentId: b.agentId, data: { contact: b.contact, why: 'expired' } });
    });
    for (const agentId of new Set(gone.map((b) => b.agentId))) await this.reloadAgent(agentId);
    return gone.length;
  }

  private live(agentId: string, now: Instant): PhoneBinding[] {
    return liveBindings(this.bindings.get(agentId) ?? [], now);
  }

  /** Unknown usernames get the same challenge as known ones: nothing tells a scanner which exist. */
  private challenge(agent: AgentDef | undefined, now: Instant, stale: boolean): RegisterReply {
    const algorithms = agent ? algorithmsOf(agent) : (['MD5', 'SHA-256'] as DigestAlgorithm[]);
    return { status: 401, challenges: challengeHeaders(this.settings.realm, this.nonces.issue(now), algorithms, stale) };
  }

  private authenticate(c: DigestCredentials, agent: AgentDef | undefined, now: Instant): string | 'stale' | undefined {
    if (!agent) return 'unknown username';
    if (c.username !== agent.phone!.username) return 'username does not match the address of record';
    if (c.realm !== this.settings.realm) return 'wrong realm';
    const nonce = this.nonces.check(c.nonce, c.nc, now);
    if (nonce === 'stale') return 'stale';
    if (nonce === 'replayed') return 'nonce count replayed';
    const ha1 = c.algorithm === 'SHA-256' ? agent.phone!.ha1Sha256 : agent.phone!.ha1;
    if (!ha1) return `no ${c.algorithm} HA1 configured`;
    return sameDigest(expectedResponse(c, ha1, 'REGISTER'), c.response) ? undefined : 'wrong response (password)';
  }

  private async bind(agent: AgentDef, req: RegisterRequest, now: Instant): Promise<RegisterReply> {
    const contact = parseContactHeader(req.contact);
    if (!contact) return { status: 400, reason: 'Bad Contact' };
    const plan = planBindings(contact, req.expires, this.settings.expiry, now);
    if (plan.kind === 'bad-request') return { status: 400, reason: plan.reason };
    if (plan.kind === 'too-brief') return { status: 423, minExpires: plan.minSeconds };
    const existing = await this.deps.store.read(async (tx) => await tx.phoneBindings.forAgent(agent.id));
    if (plan.kind === 'update' && plan.upserts.some((u) => isOutOfOrder(existing.find((b) => b.contact === u.uri), req.callId, req.cseq))) {
      return { status: 400, reason: 'CSeq out of order' };
    }
    const source = `${req.sourceIp}:${req.sourcePort}`;
    await this.deps.store.write(async (tx) => {
      if (plan.kind === 'remove-all') for (const b of existing) await removeBinding(tx, b, now, 'unregistered');
      if (plan.kind !== 'update') return;
      for (const uri of plan.removals) {
        const b = existing.find((x) => x.contact === uri);
        if (b) await removeBinding(tx, b, now, 'unregistered');
      }
      for (const u of plan.upserts) {
        const fresh = !existing.some((b) => b.contact === u.uri && b.expiresAt > now);
        await tx.phoneBindings.put({ agentId: agent.id, contact: u.uri, expiresAt: u.expiresAt, callId: req.callId, cseq: req.cseq, source, userAgent: req.userAgent, updatedAt: now });
        if (fresh) await tx.events.append({ at: now, type: 'PHONE_REGISTERED', agentId: agent.id, data: { contact: u.uri, expiresAt: u.expiresAt, source, userAgent: req.userAgent ?? null } });
      }
    });
    await this.reloadAgent(agent.id);
    if (plan.kind !== 'query') this.deps.log.info({ agentId: agent.id, source, plan: plan.kind }, 'REGISTER accepted');
    return { status: 200, contacts: this.live(agent.id, now).map((b) => ({ uri: b.contact, expiresSeconds: Math.round((b.expiresAt - now) / 1000) })) };
  }
}

async function removeBinding(tx: Tx, b: PhoneBinding, now: Instant, why: string): Promise<void> {
  await tx.phoneBindings.remove(b.agentId, b.contact);
  await tx.events.append({ at: now, type: 'PHONE_UNREGISTERED', agentId: b.agentId, data: { contact: b.contact, why } });
}

/**
 * MD5 first when the agent has an MD5 HA1 (every desk phone answers it), SHA-256 first when
 * only a SHA-256 HA1 is configured: the SIP adapter can send one challenge only (see
 * register-handler.ts), so config decides which one a phone gets.
 */
function algorithmsOf(agent: AgentDef): DigestAlgorithm[] {
  const p = agent.phone!;
  const out: DigestAlgorithm[] = [];
  if (p.ha1 && isHa1('MD5', p.ha1)) out.push('MD5');
  if (p.ha1Sha256 && isHa1('SHA-256', p.ha1Sha256)) out.push('SHA-256');
  return out;
}
