/**
 * Fake FCM (HTTP v1 + its OAuth token endpoint, plain HTTP on 127.0.0.1) and fake APNs (HTTP/2 over
 * TLS with a self-signed certificate) that verify the JWTs like the real providers: RS256 service-
 * account assertion (iss, scope, aud = token URL, exp) and the bearer token it issued; ES256 provider
 * token (kid, iss = team id, iat within the hour) and the apns-topic.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { nowSeconds, verifyJwt } from './jwt-check.js';
import type { TestCert } from './tls.js';

export interface Delivered { token: string; body: Record<string, unknown>; headers: Record<string, unknown> }

export function keyPair(kind: 'rsa' | 'ec'): { privatePem: string; publicKey: KeyObject } {
  const kp = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privatePem: kp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: kp.publicKey };
}

const readBody = (req: http.IncomingMessage | http2.Http2ServerRequest): Promise<string> => new Promise((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

export interface FakeFcm { tokenUrl: string; sendUrl: string; delivered: Delivered[]; refused: string[]; tokensIssued: number; validDevices: Set<string>; close(): Promise<void> }

export async function startFakeFcm(opts: { clientEmail: string; publicKey: KeyObject; projectId: string }): Promise<FakeFcm> {
  const issued = new Set<string>();
  const fcm: Omit<FakeFcm, 'close' | 'tokenUrl' | 'sendUrl'> = { delivered: [], refused: [], tokensIssued: 0, validDevices: new Set() };
  let base = '';
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a test server; a failure shows as a failed request
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const refuse = (status: number, why: string, json: unknown = { error: { code: status, message: why } }) => {
      fcm.refused.push(why); res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.url === '/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return refuse(400, 'grant_type');
      try {
        const { claims } = verifyJwt(form.get('assertion') ?? '', opts.publicKey, 'RS256');
        if (claims['iss'] !== opts.clientEmail) throw new Error('iss');
        if (claims['aud'] !== `${base}/token`) throw new Error('aud');
        if (claims['scope'] !== 'https://www.googleapis.com/auth/firebase.messaging') throw new Error('scope');
        if (!(Number(claims['exp']) > nowSeconds())) throw new Error('exp');
      } catch (e) {
        return refuse(400, `invalid_grant: ${(e as Error).message}`);
      }
      const token = randomBytes(16).toString('hex');
      issued.add(token);
      fcm.tokensIssued++;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, expires_in: 3599, token_type: 'Bearer' }));
    }
    if (req.url === `/v1/projects/${opts.projectId}/messages:send`) {
      const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!issued.has(bearer)) return refuse(401, 'UNAUTHENTICATED');
      const json = JSON.parse(body) as { message?: { token?: string } };
      const device = json.message?.token ?? '';
      if (!fcm.validDevices.has(device)) return refuse(404, 'UNREGISTERED', { error: { code: 404, status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] } });
      fcm.delivered.push({ token: device, body: json as Record<string, unknown>, headers: req.headers });
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: `projects/${opts.projectId}/messages/${fcm.delivered.length}` }));
    }
    refuse(404, `no route ${req.url}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fcm, {
    tokenUrl: `${base}/token`, sendUrl: `${base}/v1/projects/{projectId}/messages:send`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  });
}

export interface FakeApns { url: string; delivered: Delivered[]; refused: string[]; validDevices: Set<string>; close(): Promise<void> }

export async function startFakeApns(cert: TestCert, opts: { teamId: string; keyId: string; publicKey: KeyObject; topic: string }): Promise<FakeApns> {
  const apns: Omit<FakeApns, 'close' | 'url'> = { delivered: [], refused: [], validDevices: new Set() };
  const server = http2.createSecureServer({ key: cert.key, cert: cert.cert });
  const open = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => { open.add(s); s.on('close', () => open.delete(s)); });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const answer = (status: number, reason?: string) => {
        if (reason) apns.refused.push(reason);
        stream.respond({ ':status': status, 'apns-id': String(headers['apns-id'] ?? ''), 'content-type': 'application/json' });
        stream.end(reason ? JSON.stringify({ reason }) : undefined);
      };
      const device = /^\/3\/device\/([0-9a-f]+)$/.exec(String(headers[':path']))?.[1];
      if (headers[':method'] !== 'POST' || !device) return answer(404, 'BadPath');
      try {
        const { header, claims } = verifyJwt(String(headers['authorization'] ?? '').replace(/^bearer /, ''), opts.publicKey, 'ES256');
        if (header['kid'] !== opts.keyId || claims['iss'] !== opts.teamId) return answer(403, 'InvalidProviderToken');
        if (Math.abs(nowSeconds() - Number(claims['iat'])) > 3600) return answer(403, 'ExpiredProviderToken');
      } catch {
        return answer(403, 'InvalidProviderToken');
      }
      if (headers['apns-topic'] !== opts.topic) return answer(400, 'TopicDisallowed');
      if (!/^[0-9a-f-]{36}$/.test(String(headers['apns-id']))) return answer(400, 'BadMessageId');
      if (!apns.validDevices.has(device)) return answer(410, 'Unregistered');
      apns.delivered.push({ token: device, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>, headers });
      answer(200);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(apns, {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.close(() => r()); for (const s of open) s.destroy(); }),
  });
}
