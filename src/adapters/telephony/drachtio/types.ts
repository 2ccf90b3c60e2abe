import type { EventEmitter } from 'node:events';

/**
 * The narrow slice of drachtio-srf 5 and drachtio-fsmrf 4.1.2 this adapter uses, typed
 * structurally so unit tests can pass small EventEmitter fakes. The shipped srf d.ts is
 * incomplete (no SipError, connect() typed as a Promise) and fsmrf has none; see types.d.ts.
 */

export interface SipMessageLike {
  status?: number;
  body?: string;
  get(name: string): string | undefined;
}

/** An INVITE we sent (cbRequest) or received (srf.invite). */
export interface SipRequestLike extends EventEmitter {
  method?: string;
  /** drachtio-srf Request#meta: where the request came from. */
  source_address?: string;
  source_port?: number;
  callingNumber?: string;
  calledNumber?: string;
  body?: string;
  get(name: string): string | undefined;
  cancel(opts?: unknown, cb?: unknown): void;
}

export interface SipResponseLike {
  /** drachtio-srf Response#send(status, [reason], [opts]). */
  send(status: number, reasonOrOpts?: unknown, opts?: unknown): void;
  finalResponseSent?: boolean;
}

export interface DialogLike extends EventEmitter {
  id?: string;
  connected?: boolean;
  sip?: { callId: string };
  remote: { sdp: string };
  destroy(opts?: unknown): Promise<unknown>;
}

export interface CreateUacOptions {
  localSdp: string;
  callingNumber?: string;
  /** Display name of the From header (drachtio-srf builds `"name" <sip:number@localhost>`). */
  callingName?: string;
  /** Digest credentials answered to a 401/407 (drachtio-srf's digest client: MD5 only). */
  auth?: { username: string; password: string };
  headers?: Record<string, string>;
  proxy?: string;
}

export interface ProgressCallbacks {
  cbRequest?: (err: unknown, req: SipRequestLike) => void;
  cbProvisional?: (res: SipMessageLike) => void;
}

export interface SrfLike extends EventEmitter {
  connect(opts: Record<string, unknown>): unknown;
  disconnect(): void;
  invite(handler: (req: SipRequestLike, res: SipResponseLike) => void): void;
  options(handler: (req: SipRequestLike, res: SipResponseLike) => void): void;
  register(handler: (req: SipRequestLike, res: SipResponseLike) => void): void;
  createUAC(uri: string, opts: CreateUacOptions, progress?: ProgressCallbacks): Promise<DialogLike>;
  request(uri: string, opts: { method: string; headers?: Record<string, string>; auth?: { username: string; password: string }; proxy?: string }): Promise<SipRequestLike>;
}

export interface PlayCollectOptions {
  file: string;
  min: number;
  max: number;
  tries: number;
  timeout: number;
  digitTimeout: number;
  terminators: string;
  regexp: string;
  invalidFile?: string;
}

export interface EndpointLike extends EventEmitter {
  uuid: string;
  connected?: boolean;
  local: { sdp: string };
  play(file: string | string[]): Promise<unknown>;
  playCollect(opts: PlayCollectOptions): Promise<{ digits?: string }>;
  execute(app: string, arg?: string): Promise<unknown>;
  api(command: string, args?: string | string[]): Promise<unknown>;
  set(name: string | Record<string, string | number>, value?: string | number): Promise<unknown>;
  modify(sdp: string): Promise<unknown>;
  bridge(other: EndpointLike | string): Promise<unknown>;
  destroy(): Promise<unknown>;
  addCustomEventListener(event: string, handler: (args: unknown) => void): void;
}

export interface MediaServerLike extends EventEmitter {
  connectCaller(req: SipRequestLike, res: SipResponseLike, opts?: Record<string, unknown>): Promise<{ endpoint: EndpointLike; dialog: DialogLike }>;
  createEndpoint(opts?: Record<string, unknown>): Promise<EndpointLike>;
  api(command: string): Promise<string>;
  disconnect(): void;
  /**
   * FreeSWITCH's SIP addresses for the drachtio_mrf profile as fsmrf 4.1.2 fills them in
   * (lib/mediaserver.js): { ipv4: { udp: { address: '127.0.0.1:5080' }, dtls: {} }, ipv6: { udp: {}, dtls: {} } }.
   */
  sip?: MediaServerSip;
}

type SipAddr = { address?: string };
export interface MediaServerSip {
  ipv4?: { udp?: SipAddr; dtls?: SipAddr };
  ipv6?: { udp?: SipAddr; dtls?: SipAddr };
}

/** Where the heartbeat's OPTIONS goes: the profile's plain-UDP address, IPv4 first. */
export function mediaServerSipAddress(sip: MediaServerSip | undefined): string | undefined {
  return sip?.ipv4?.udp?.address ?? sip?.ipv6?.udp?.address;
}

export interface MrfLike {
  connect(opts: Record<string, unknown>): Promise<MediaServerLike>;
}

/** drachtio-srf's SipError, recognised by shape (instanceof breaks across module copies). */
export function sipStatusOf(err: unknown): number | undefined {
  const e = err as { name?: string; status?: unknown };
  return e && e.name === 'SipError' && typeof e.status === 'number' ? e.status : undefined;
}
