/**
 * HTTP digest authentication as SIP uses it (RFC 2617, RFC 7616 for SHA-256, RFC 8760 for SIP):
 * the server's challenge, parsing the phone's Authorization header, and checking its response.
 * Pure: hashing is computation, the nonce and time come in from the caller.
 */
import { createHash } from 'node:crypto';

export const DIGEST_ALGORITHMS = ['MD5', 'SHA-256'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const HASH: Record<DigestAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256' };
const HEX_LENGTH: Record<DigestAlgorithm, number> = { MD5: 32, 'SHA-256': 64 };

export const hashHex = (algorithm: DigestAlgorithm, text: string): string =>
  createHash(HASH[algorithm]).update(text, 'utf8').digest('hex');

/** HA1 = H(username:realm:password): what config stores instead of the password. */
export const ha1Of = (algorithm: DigestAlgorithm, username: string, realm: string, password: string): string =>
  hashHex(algorithm, `${username}:${realm}:${password}`);

export const isHa1 = (algorithm: DigestAlgorithm, value: string): boolean =>
  new RegExp(`^[0-9a-f]{${HEX_LENGTH[algorithm]}}$`).test(value);

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

/**
 * `Digest username="alice", realm="x", ...` → its parameters; undefined when it is not a digest
 * header or misses a required parameter. Quoted values may contain commas and escaped quotes.
 */
export function parseAuthorization(header: string | undefined): DigestCredentials | undefined {
  if (!header) return undefined;
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return undefined;
  const params = new Map<string, string>();
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))\s*(?:,|$)/g;
  for (const p of m[1]!.matchAll(re)) params.set(p[1]!.toLowerCase(), p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!);
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (!(DIGEST_ALGORITHMS as readonly string[]).includes(algorithm)) return undefined;
  const [username, realm, nonce, uri, response] = ['username', 'realm', 'nonce', 'uri', 'response'].map((k) => params.get(k));
  if (!username || realm === undefined || !nonce || !uri || !response) return undefined;
  const qop = params.get('qop');
  if (qop !== undefined && (qop !== 'auth' || !params.get('nc') || !params.get('cnonce'))) return undefined;
  return {
    username, realm, nonce, uri, response: response.toLowerCase(), algorithm: algorithm as DigestAlgorithm,
    qop, nc: params.get('nc'), cnonce: params.get('cnonce'), opaque: params.get('opaque'),
  };
}

/** The response a phone that knows the password computes (HA1 stands in for it). */
export function expectedResponse(c: Omit<DigestCredentials, 'response' | 'username' | 'realm'>, ha1: string, method: string): string {
  const ha2 = hashHex(c.algorithm, `${method}:${c.uri}`);
  const middle = c.qop ? `${c.nonce}:${c.nc}:${c.cnonce}:${c.qop}` : c.nonce;
  return hashHex(c.algorithm, `${ha1}:${middle}:${ha2}`);
}

/** Constant-time comparison of two hex digests of the same algorithm. */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * WWW-Authenticate values in the order given (RFC 8760 §2.4: one header per algorithm, the
 * preferred first). The caller decides the order: what the phone can answer comes first.
 */
export function challengeHeaders(realm: string, nonce: string, algorithms: readonly DigestAlgorithm[], stale: boolean): string[] {
  return algorithms
    .map((alg) => `Digest realm="${realm}", nonce="${nonce}", algorithm=${alg}, qop="auth"${stale ? ', stale=true' : ''}`);
}
