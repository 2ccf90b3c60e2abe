import { EventEmitter } from 'node:events';
import type {
  CreateUacOptions, DialogLike, EndpointLike, MediaServerLike, MediaServerSip, PlayCollectOptions, ProgressCallbacks,
  SipRequestLike, SipResponseLike, SrfLike,
} from '../../src/adapters/telephony/drachtio/types.js';

export class SipError extends Error {
  override name = 'SipError';
  constructor(readonly status: number) { super(`SIP ${status}`); }
}

export class FakeDialog extends EventEmitter implements DialogLike {
  destroyed = 0;
  connected = true;
  constructor(readonly remote = { sdp: 'v=0 answer' }) { super(); }
  async destroy(): Promise<void> {
    this.destroyed++;
    this.connected = false;
  }
}

export class FakeEndpoint extends EventEmitter implements EndpointLike {
  uuid = 'fs-uuid-1';
  local = { sdp: 'v=0 offer' };
  destroyed = 0;
  modified: string[] = [];
  executed: string[] = [];
  apis: string[] = [];
  played: (string | string[])[] = [];
  collected: PlayCollectOptions[] = [];
  bridgedTo?: EndpointLike | string;
  custom = new Map<string, (a: unknown) => void>();
  /** What the next playCollect resolves to; a function may wait or throw. */
  collectAnswers: (() => Promise<{ digits?: string }>)[] = [];
  playImpl: () => Promise<unknown> = async () => ({});
  async play(file: string | string[]) { this.played.push(file); return this.playImpl(); }
  async playCollect(opts: PlayCollectOptions) {
    this.collected.push(opts);
    const next = this.collectAnswers.shift();
    return next ? next() : { digits: '' };
  }
  async execute(app: string, arg?: string) { this.executed.push(arg ? `${app} ${arg}` : app); return {}; }
  async api(cmd: string, args?: string | string[]) { this.apis.push(`${cmd} ${args ?? ''}`.trim()); return {}; }
  async set() { return {}; }
  async modify(sdp: string) { this.modified.push(sdp); return 'v=0'; }
  async bridge(other: EndpointLike | string) { this.bridgedTo = other; return {}; }
  async destroy() { this.destroyed++; return {}; }
  addCustomEventListener(event: string, handler: (a: unknown) => void) { this.custom.set(event, handler); }
}

export class FakeInviteRequest extends EventEmitter implements SipRequestLike {
  canceled = 0;
  constructor(readonly callingNumber = '+4930123456', readonly calledNumber = '+4930999', readonly body = 'v=0 caller') { super(); }
  get() { return undefined; }
  cancel() { this.canceled++; this.emit('cancel-sent'); }
}

export class FakeResponse implements SipResponseLike {
  sent: number[] = [];
  finalResponseSent = false;
  send(status: number) { this.sent.push(status); if (status >= 200) this.finalResponseSent = true; }
}

/** The far end of a createUAC, scripted by the test through the returned controls. */
export interface UacScript {
  (ctl: { req: FakeInviteRequest; progress: ProgressCallbacks; resolve: (d: DialogLike) => void; reject: (e: unknown) => void }): void;
}

export class FakeSrf extends EventEmitter implements SrfLike {
  uacs: { uri: string; opts: CreateUacOptions; req: FakeInviteRequest }[] = [];
  script: UacScript = ({ resolve }) => resolve(new FakeDialog());
  connect() { return this; }
  disconnect() {}
  invite(_h?: (req: SipRequestLike, res: SipResponseLike) => void) {}
  options() {}
  register() {}
  async request(_uri?: string): Promise<SipRequestLike> { return new FakeInviteRequest(); }
  createUAC(uri: string, opts: CreateUacOptions, progress: ProgressCallbacks = {}): Promise<DialogLike> {
    const req = new FakeInviteRequest();
    this.uacs.push({ uri, opts, req });
    return new Promise((resolve, reject) => {
      progress.cbRequest?.(null, req);
      this.script({ req, progress, resolve, reject });
    });
  }
}

export class FakeMediaServer extends EventEmitter implements MediaServerLike {
  endpoints: FakeEndpoint[] = [];
  apis: string[] = [];
  sip?: MediaServerSip;
  apiAnswers = new Map<string, string>();
  nextEndpoint = () => new FakeEndpoint();
  connectCallerImpl?: () => Promise<{ endpoint: EndpointLike; dialog: DialogLike }>;
  connectCallerOpts: (Record<string, unknown> | undefined)[] = [];
  createEndpointOpts: (Record<string, unknown> | undefined)[] = [];
  createEndpointImpl?: () => Promise<FakeEndpoint>;
  async connectCaller(_req?: unknown, _res?: unknown, opts?: Record<string, unknown>) {
    this.connectCallerOpts.push(opts);
    if (this.connectCallerImpl) return this.connectCallerImpl();
    const endpoint = this.nextEndpoint();
    this.endpoints.push(endpoint);
    return { endpoint, dialog: new FakeDialog() };
  }
  async createEndpoint(opts?: Record<string, unknown>) {
    this.createEndpointOpts.push(opts);
    if (this.createEndpointImpl) return this.createEndpointImpl();
    const ep = this.nextEndpoint();
    this.endpoints.push(ep);
    return ep;
  }
  async api(cmd: string) { this.apis.push(cmd); return this.apiAnswers.get(cmd.split(' ')[0] as string) ?? '+OK'; }
  disconnect() {}
}
