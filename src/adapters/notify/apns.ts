/**
 * APNs, token-based: an ES256 provider JWT (iss = team id, kid = key id; reused ~40 minutes, as Apple
 * throttles new tokens) on an HTTP/2 connection (node:http2) to {url}/3/device/{token}.
 * `apns-id` is a UUID derived from the message id, so a retried message has the same id.
 */
import { createHash } from 'node:crypto';
import http2 from 'node:http2';
import { pushFailure, type SendResult } from '../../domain/notify.js';
import type { PushMessage } from '../../app/ports/notifier.js';
import { networkFailure } from './http-request.js';
import { CachedToken, signJwt } from './jwt.js';
import { flatData, pushContent } from './push-content.js';

export interface ApnsOptions { teamId: string; keyId: string; privateKey: string; topic: string; url: string; timeoutMs: number; ca?: string }

export const uuidFrom = (s: string): string => {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export function createApnsChannel(opts: ApnsOptions) {
  let session: http2.ClientHttp2Session | undefined;
  const connect = (): http2.ClientHttp2Session => {
    if (session && !session.closed && !session.destroyed) return session;
    const s = http2.connect(opts.url, opts.ca ? { ca: opts.ca } : {});
    s.on('error', () => { if (session === s) session = undefined; });
    s.on('close', () => { if (session === s) session = undefined; });
    s.unref();
    return (session = s);
  };
  const token = new CachedToken(async () => ({
    token: signJwt('ES256', opts.privateKey, { iss: opts.teamId, iat: Math.floor(Date.now() / 1000) }, { kid: opts.keyId }),
    lifetimeMs: 40 * 60_000,
  }));

  const send = async (deviceToken: string, message: PushMessage): Promise<SendResult> => {
    const c = pushContent(message);
    const body = JSON.stringify({ aps: { alert: { title: c.title, body: c.body }, sound: 'default' }, ...flatData(c) });
    const answer = await request(connect(), {
      ':method': 'POST', ':path': `/3/device/${encodeURIComponent(deviceToken)}`,
      authorization: `bearer ${await token.get()}`, 'apns-topic': opts.topic, 'apns-push-type': 'alert',
      'apns-priority': message.kind === 'callback-ready' ? '10' : '5', 'apns-id': uuidFrom(message.id),
      'content-type': 'application/json',
    }, body, opts.timeoutMs);
    if (answer.status === 200) return { ok: true, status: 200 };
    const reason = (() => { try { return (JSON.parse(answer.body) as { reason?: string }).reason ?? ''; } catch { return ''; } })();
    if (answer.status === 403 && reason === 'ExpiredProviderToken') {
      token.reset();
      return { ok: false, permanent: false, status: 403, error: reason };
    }
    return pushFailure(answer.status, `APNs answered ${answer.status} ${reason}`.trim());
  };

  return {
    send: async (deviceToken: string, message: PushMessage): Promise<SendResult> => {
      try { return await send(deviceToken, message); } catch (e) { return networkFailure(e); }
    },
    close: () => { session?.close(); session = undefined; },
  };
}

function request(s: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = s.request(headers);
    const timer = setTimeout(() => req.close(http2.constants.NGHTTP2_CANCEL), timeoutMs);
    let status = 0;
    const chunks: Buffer[] = [];
    req.on('response', (h) => { status = Number(h[':status'] ?? 0); });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { clearTimeout(timer); resolve({ status, body: Buffer.concat(chunks).toString('utf8') }); });
    req.on('close', () => { clearTimeout(timer); if (status === 0) reject(new Error(`APNs request closed without an answer (timeout ${timeoutMs} ms?)`)); });
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    req.end(body);
  });
}
