import { join } from 'node:path';
import type {
  CallControl, CallLeg, DialAgentRequest, DialAgentResult, DialCustomerRequest, DialCustomerResult,
  InboundCall, MediaResult, TelephonyLinks,
} from '../../../app/ports/call-control.js';
import type { TelephonyConnections, Log } from './connections.js';
import { dialAgent } from './dial-agent.js';
import { dialCustomer } from './dial-customer.js';
import { FsmrfLeg, type LegTimeouts, type PromptPath } from './fsmrf-leg.js';
import { DrachtioInboundCall } from './inbound-call.js';
import { bounded } from './media-race.js';
import { registerHandler, type RegistrarPort } from './register-handler.js';
import { InboundGate } from './trunks.js';
import { TrunkRegistrations } from './trunk-registration.js';
import type { TrunkConfig } from '../../config/types.js';

export interface DrachtioCallControlOptions {
  /** prompts/ as FreeSWITCH sees it (same absolute path in both containers in docker-compose.yml). */
  mediaPromptsDir: string;
  /** Outbound trunk: `sip:<e164>@<host>` is dialled; optional proxy forces the next hop. */
  trunk: { host: string; proxy?: string };
  toneDescriptor?: string;
  legTimeouts?: LegTimeouts;
  /** Carrier trunks (priority, auth, failover, inbound allowlist); default: `trunk` alone. */
  trunks?: TrunkConfig[];
  /** Agent phones that register: REGISTER is routed to it. */
  registrar?: RegistrarPort;
}

/** CallControl over drachtio-srf + drachtio-fsmrf. Only this folder sees dialogs and endpoints. */
export class DrachtioCallControl implements CallControl {
  private handler?: (call: InboundCall) => Promise<void>;
  private accepting = true;
  /** callId → FreeSWITCH channel uuid, for callExists(); also stored in FreeSWITCH's mod_db. */
  private channels = new Map<string, string>();
  private readonly promptPath: PromptPath;
  private readonly trunks: TrunkConfig[];
  private readonly gate: InboundGate;
  private readonly order: TrunkRegistrations;
  private registrar?: RegistrarPort;

  constructor(private readonly conn: TelephonyConnections, private readonly opts: DrachtioCallControlOptions, private readonly log: Log) {
    this.promptPath = (lang, key) => join(opts.mediaPromptsDir, lang, `${key}.wav`);
    this.trunks = opts.trunks?.length ? opts.trunks : [singleTrunk(opts.trunk)];
    this.gate = new InboundGate(this.trunks, log);
    this.order = new TrunkRegistrations(conn.srf, this.trunks, log);
    this.registrar = opts.registrar;
  }

  links(): TelephonyLinks {
    return { signalling: this.conn.signalling, media: this.conn.media, trunks: this.order.status() };
  }

  canDial(): boolean {
    return this.conn.signalling === 'up' && this.conn.media === 'up' && this.conn.ms !== undefined;
  }

  servePhoneRegistrations(registrar: RegistrarPort): void {
    this.registrar = registrar;
  }

  onInboundCall(handler: (call: InboundCall) => Promise<void>): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    if (this.registrar) this.conn.srf.register(registerHandler(this.registrar, this.log));
    this.conn.srf.invite((req, res) => {
      if (!this.gate.admits(req.source_address)) {
        this.log.warn({ source: req.source_address, from: req.callingNumber }, 'INVITE from an address no trunk lists: 403');
        return void res.send(403);
      }
      // Stopping: 503 makes the trunk fail over to another node (RFC 3261 §21.5.4).
      if (!this.accepting) return void res.send(503);
      const call = new DrachtioInboundCall(req, res, () => (this.conn.media === 'up' ? this.conn.ms : undefined), this.promptPath, this.opts.legTimeouts);
      if (!this.handler) return void call.reject(503);
      this.handler(call).catch((err: unknown) => {
        this.log.warn({ err: String(err) }, 'inbound call handler failed');
        void call.hangup();
      });
    });
    // (Re-)register to registration-based carriers whenever drachtio is (re)connected.
    this.conn.srf.on('connect', (err: unknown) => { if (!err) this.order.start(); });
    await this.conn.start();
  }

  stopAccepting(): void {
    this.accepting = false;
  }

  async stop(): Promise<void> {
    this.order.stop();
    await this.conn.stop();
  }

  async dialCustomer(req: DialCustomerRequest): Promise<DialCustomerResult> {
    const ms = this.conn.ms;
    if (!this.canDial() || !ms) return { outcome: 'NETWORK_ERROR', detail: 'telephony links down' };
    const result = await dialCustomer({
      srf: this.conn.srf, ms, promptPath: this.promptPath, toneDescriptor: this.opts.toneDescriptor ?? '1',
      uriFor: (e164) => `sip:${e164}@${this.opts.trunk.host}`, proxy: this.opts.trunk.proxy, legTimeouts: this.opts.legTimeouts,
      trunks: this.order, log: this.log,
    }, req);
    if (result.outcome === 'PERSON') this.remember(req.callId, result.leg as FsmrfLeg);
    return result;
  }

  async dialAgent(req: DialAgentRequest): Promise<DialAgentResult> {
    const ms = this.conn.ms;
    if (!this.canDial() || !ms) return { outcome: 'ERROR', detail: 'telephony links down' };
    const result = await dialAgent({ srf: this.conn.srf, ms, promptPath: this.promptPath, legTimeouts: this.opts.legTimeouts }, req);
    if (result.outcome === 'ANSWERED') this.remember(req.callId, result.leg as FsmrfLeg);
    return result;
  }

  async bridge(a: CallLeg, b: CallLeg): Promise<MediaResult> {
    const la = legOf(a);
    const lb = legOf(b);
    if (!la || !lb) return { kind: 'error', detail: 'bridge needs two answered drachtio legs' };
    if (la.ended || lb.ended) {
      await Promise.all([la.hangup(), lb.hangup()]);
      return { kind: 'hangup' };
    }
    // park_after_bridge=true in the mrf dialplan: when one side hangs up, we must end the other.
    la.onHangup(() => void lb.hangup());
    lb.onHangup(() => void la.hangup());
    await Promise.all([la.stopHold(), lb.stopHold()]);
    const ok = await bounded(async () => { await la.endpoint.bridge(lb.endpoint); return true; }, 5_000);
    if (!ok) {
      await Promise.all([la.hangup(), lb.hangup()]);
      return { kind: 'error', detail: 'uuid_bridge failed or timed out' };
    }
    return { kind: 'done' };
  }

  async callExists(callId: string): Promise<'yes' | 'no' | 'unknown'> {
    const ms = this.conn.ms;
    if (!ms || this.conn.media !== 'up') return 'unknown';
    const uuid = this.channels.get(callId) ?? (await bounded(() => ms.api(`db select/holdless/${callId}`), 3_000))?.trim();
    if (!uuid || uuid.startsWith('-ERR')) return 'no';
    const answer = await bounded(() => ms.api(`uuid_exists ${uuid}`), 3_000);
    if (answer === undefined) return 'unknown';
    return answer.trim() === 'true' ? 'yes' : 'no';
  }

  private remember(callId: string, leg: FsmrfLeg): void {
    const uuid = leg.endpoint.uuid;
    this.channels.set(callId, uuid);
    // Survives our restart (FreeSWITCH keeps it), which is when reconciliation asks.
    void bounded(() => this.conn.ms!.api(`db insert/holdless/${callId}/${uuid}`), 3_000);
    leg.onHangup(() => {
      this.channels.delete(callId);
      void bounded(() => this.conn.ms!.api(`db delete/holdless/${callId}`), 3_000);
    });
  }
}

function singleTrunk(t: { host: string; proxy?: string }): TrunkConfig {
  return { id: 'default', host: t.host, proxy: t.proxy, priority: 1, register: false, registerExpiresSeconds: 600, inboundAddresses: [], assertIdentity: false };
}

function legOf(l: CallLeg): FsmrfLeg | undefined {
  if (l instanceof FsmrfLeg) return l;
  if (l instanceof DrachtioInboundCall) return l.answeredLeg;
  return undefined;
}
