/**
 * Intake checks of a push target (POST /v1/callbacks with mode call-in-delayed): only what can be
 * judged without the network. Web Push endpoints must be https (http only when config allows) and
 * must not name a private, loopback or link-local address (an open relay into our network);
 * the notifier checks the resolved address again when it sends (DNS can change).
 * An adapter (it uses node:net's address parsing); the use case receives it as a function.
 */
import { BlockList, isIP } from 'node:net';
import { HoldlessError } from '../../domain/errors.js';
import type { PushTarget } from '../../domain/push.js';

export interface PushIntakePolicy { allowHttp: boolean; allowPrivateEndpoints: boolean }
export const STRICT_PUSH_INTAKE: PushIntakePolicy = { allowHttp: false, allowPrivateEndpoints: false };

/** Bound on the whole target as JSON: a real subscription is ~400 bytes, an FCM token ~200. */
export const MAX_PUSH_TARGET_BYTES = 4096;

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

const refuse = (code: string, message: string, field = 'push'): never => {
  throw new HoldlessError(code, message, { field });
};

/** Is this host (name or IP literal) private, loopback or link-local? Names are judged by their spelling only. */
export function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  const v = isIP(h);
  if (v === 0) return false;
  const mapped = v === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h)?.[1] : undefined;
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(h, v === 4 ? 'ipv4' : 'ipv6');
}

const base64UrlBytes = (s: string): number | undefined =>
  /^[A-Za-z0-9_-]+={0,2}$/.test(s) ? Buffer.from(s, 'base64url').length : undefined;

function checkWebPush(t: Extract<PushTarget, { channel: 'webpush' }>, policy: PushIntakePolicy): void {
  let url: URL;
  try {
    url = new URL(t.subscription.endpoint);
  } catch {
    return refuse('PUSH_ENDPOINT_INVALID', 'The push subscription endpoint is not a URL.', 'push.subscription.endpoint');
  }
  const httpOk = url.protocol === 'http:' && policy.allowHttp;
  if (url.protocol !== 'https:' && !httpOk) {
    refuse('PUSH_ENDPOINT_NOT_HTTPS', 'The push subscription endpoint must be an https:// URL.', 'push.subscription.endpoint');
  }
  if (url.username || url.password) refuse('PUSH_ENDPOINT_INVALID', 'The push endpoint must not carry credentials.', 'push.subscription.endpoint');
  if (!policy.allowPrivateEndpoints && isPrivateHost(url.hostname)) {
    refuse('PUSH_ENDPOINT_PRIVATE', 'The push endpoint points at a private, loopback or link-local address.', 'push.subscription.endpoint');
  }
  // P-256 public key (uncompressed point, 65 bytes) and a 16-byte auth secret (RFC 8291).
  if (base64UrlBytes(t.subscription.keys.p256dh) !== 65) refuse('PUSH_KEYS_INVALID', 'keys.p256dh must be a base64url P-256 public key (65 bytes).', 'push.subscription.keys.p256dh');
  if (base64UrlBytes(t.subscription.keys.auth) !== 16) refuse('PUSH_KEYS_INVALID', 'keys.auth must be a base64url 16-byte secret.', 'push.subscription.keys.auth');
}

/** Returns the target as stored (only the known fields), or throws a HoldlessError with its code. */
export function checkPushTarget(target: PushTarget, policy: PushIntakePolicy): PushTarget {
  if (Buffer.byteLength(JSON.stringify(target)) > MAX_PUSH_TARGET_BYTES) {
    refuse('PUSH_TARGET_TOO_LARGE', `The push target is larger than ${MAX_PUSH_TARGET_BYTES} bytes.`);
  }
  // The HTTP schema keeps the fields optional (one error per field); each channel needs its own.
  const loose = target as { channel: string; subscription?: unknown; token?: unknown };
  if (loose.channel === 'webpush' ? loose.subscription === undefined : typeof loose.token !== 'string') {
    refuse('PUSH_TARGET_INVALID', loose.channel === 'webpush' ? 'A webpush target needs its subscription.' : `An ${loose.channel} target needs its token.`);
  }
  switch (target.channel) {
    case 'webpush': {
      checkWebPush(target, policy);
      const { endpoint, expirationTime, keys } = target.subscription;
      return { channel: 'webpush', subscription: { endpoint, expirationTime: expirationTime ?? null, keys: { p256dh: keys.p256dh, auth: keys.auth } } };
    }
    case 'fcm':
      // FCM registration tokens: URL-safe characters and ':' (about 150-200 of them).
      if (!/^[A-Za-z0-9_:-]{32,1024}$/.test(target.token)) refuse('PUSH_TOKEN_INVALID', 'Not an FCM registration token.', 'push.token');
      return { channel: 'fcm', token: target.token };
    case 'apns':
      // APNs device tokens: 32 bytes (64 hex digits) today; Apple says not to rely on the length, so up to 100 bytes.
      if (!/^(?:[0-9a-fA-F]{2}){32,100}$/.test(target.token)) refuse('PUSH_TOKEN_INVALID', 'Not an APNs device token (hex).', 'push.token');
      return { channel: 'apns', token: target.token.toLowerCase() };
  }
}
