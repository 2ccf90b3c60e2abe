/**
 * A local Web Push service (RFC 8030) on 127.0.0.1 over HTTPS that checks what a real one checks:
 * the VAPID JWT (RFC 8292: ES256 signature against the `k=` key, aud = our origin, exp in the next
 * 24 h, a sub) and, in the role of the browser, that the body DECRYPTS (RFC 8291, aes128gcm) with the
 * subscription's private keys. Refusals answer like a push service: 401/403 for VAPID, 400 for a body.
 */
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { WebPushSubscription } from '../../src/domain/push.js';
import { nowSeconds, p256PublicKey, verifyJwt } from './jwt-check.js';
import type { TestCert } from './tls.js';

export interface ReceivedPush { subscriptionId: string; message: Record<string, unknown>; claims: Record<string, unknown>; headers: Record<string, unknown> }

interface Sub { ecdh: ReturnType<typeof createECDH>; auth: Buffer; answers: number[] }

export interface LocalPushService {
  origin: string;
  received: ReceivedPush[];
  refused: { status: number; why: string }[];
  /** A new subscription; `answers` are statuses to give before the normal 201 (e.g. [500, 500] or [410]). */
  subscribe(answers?: number[]): WebPushSubscription & { id: string };
  close(): Promise<void>;
}

export async function startPushService(cert: TestCert): Promise<LocalPushService> {
  const subs = new Map<string, Sub>();
  const received: ReceivedPush[] = [];
  const refused: { status: number; why: string }[] = [];
  let origin = '';
  const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const refuse = (status: number, why: string) => { refused.push({ status, why }); res.writeHead(status).end(why); };
      const id = /^\/push\/([a-z0-9]+)$/.exec(req.url ?? '')?.[1];
      const sub = id ? subs.get(id) : undefined;
      if (!id || !sub) return refuse(404, 'no such subscription');
      let claims: Record<string, unknown>;
      try {
        claims = checkVapid(String(req.headers.authorization ?? ''), origin);
      } catch (e) {
        return refuse(403, `VAPID: ${(e as Error).message}`);
      }
      if (req.headers['content-encoding'] !== 'aes128gcm') return refuse(400, 'content-encoding must be aes128gcm');
      if (req.headers['ttl'] === undefined) return refuse(400, 'TTL header missing');
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(decrypt(Buffer.concat(chunks), sub).toString('utf8')) as Record<string, unknown>;
      } catch (e) {
        return refuse(400, `does not decrypt: ${(e as Error).message}`);
      }
      const scripted = sub.answers.shift();
      if (scripted !== undefined) return refuse(scripted, 'scripted answer');
      received.push({ subscriptionId: id, message, claims, headers: req.headers });
      res.writeHead(201, { location: `${origin}/message/${received.length}` }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin, received, refused,
    subscribe(answers = []) {
      const id = randomBytes(8).toString('hex');
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subs.set(id, { ecdh, auth, answers: [...answers] });
      return { id, endpoint: `${origin}/push/${id}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** `vapid t=<jwt>, k=<key>` (RFC 8292 §3). */
function checkVapid(authorization: string, origin: string): Record<string, unknown> {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!m) throw new Error('no "vapid t=…, k=…" authorization');
  const { claims } = verifyJwt(m[1]!, p256PublicKey(m[2]!), 'ES256');
  if (claims['aud'] !== origin) throw new Error(`aud ${String(claims['aud'])} is not ${origin}`);
  const exp = Number(claims['exp']);
  if (!(exp > nowSeconds()) || exp > nowSeconds() + 86_400) throw new Error('exp not within the next 24 h');
  if (typeof claims['sub'] !== 'string' || !/^(mailto:|https:)/.test(claims['sub'])) throw new Error('sub missing');
  return claims;
}

/** RFC 8291 §3.4 + RFC 8188: one aes128gcm record, keys derived from ECDH and the auth secret. */
function decrypt(body: Buffer, sub: Sub): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  if (idlen !== 65) throw new Error('keyid is not the sender\'s P-256 key');
  if (ciphertext.length > rs) throw new Error('more than one record');
  const uaPublic = sub.ecdh.getPublicKey();
  const ecdhSecret = sub.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, sub.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('last record delimiter (0x02) missing');
  return plain.subarray(0, end);
}
