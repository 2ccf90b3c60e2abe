/** JWT verification as a provider does it: signature with the expected key, then the claims. */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export interface VerifiedJwt { header: Record<string, unknown>; claims: Record<string, unknown> }

export function verifyJwt(token: string, key: KeyObject, alg: 'ES256' | 'RS256'): VerifiedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  const [h, c, s] = parts as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (header['alg'] !== alg) throw new Error(`alg ${String(header['alg'])}, expected ${alg}`);
  const ok = verify('sha256', Buffer.from(`${h}.${c}`), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('bad signature');
  return { header, claims: JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown> };
}

/** An uncompressed P-256 point (base64url, 65 bytes) as a public KeyObject. */
export function p256PublicKey(rawB64url: string): KeyObject {
  const raw = Buffer.from(rawB64url, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('not an uncompressed P-256 point');
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
    format: 'jwk',
  });
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
