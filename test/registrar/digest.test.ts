import { describe, expect, it } from 'vitest';
import { challengeHeaders, expectedResponse, ha1Of, parseAuthorization } from '../../src/domain/sip/digest.js';
import { liveBindings, parseContactHeader, planBindings } from '../../src/domain/sip/registration.js';

describe('digest (RFC 2617 / RFC 7616 test vectors)', () => {
  it('computes the RFC 2617 §3.5 MD5 response', () => {
    const ha1 = ha1Of('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
    const c = { nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', uri: '/dir/index.html', algorithm: 'MD5' as const, qop: 'auth', nc: '00000001', cnonce: '0a4f113b' };
    expect(expectedResponse(c, ha1, 'GET')).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('computes the RFC 7616 §3.9.1 SHA-256 and MD5 responses', () => {
    const base = { nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', uri: '/dir/index.html', qop: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };
    const sha = ha1Of('SHA-256', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(expectedResponse({ ...base, algorithm: 'SHA-256' }, sha, 'GET')).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    const md5 = ha1Of('MD5', 'Mufasa', 'http-auth@example.org', 'Circle of Life');
    expect(expectedResponse({ ...base, algorithm: 'MD5' }, md5, 'GET')).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('parses an Authorization header with quoted commas, unquoted params and the default algorithm', () => {
    const c = parseAuthorization('Digest username="alice", realm="pbx, east", nonce="n1", uri="sip:holdless.local", response="ABCDEF", qop=auth, nc=00000002, cnonce="c"');
    expect(c).toMatchObject({ username: 'alice', realm: 'pbx, east', algorithm: 'MD5', response: 'abcdef', qop: 'auth', nc: '00000002' });
    expect(parseAuthorization('Basic YWxpY2U6c2VjcmV0')).toBeUndefined();
    expect(parseAuthorization('Digest username="a", realm="r", nonce="n", uri="u", response="x", algorithm=SHA-512-256')).toBeUndefined();
    expect(parseAuthorization('Digest username="a", realm="r", nonce="n", uri="u", response="x", qop=auth')).toBeUndefined(); // no nc/cnonce
  });

  it('builds one challenge per algorithm in the given order and marks stale ones', () => {
    const [first, second] = challengeHeaders('r', 'n', ['SHA-256', 'MD5'], true);
    expect(first).toBe('Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth", stale=true');
    expect(second).toContain('algorithm=MD5');
  });
});

describe('REGISTER bindings (RFC 3261 §10.3)', () => {
  const rules = { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 600 };
  it('parses contacts with display names, params and per-contact expires', () => {
    expect(parseContactHeader(['"Alice, desk" <sip:alice@10.0.0.5:5062;transport=udp>;expires=120', 'sip:alice@10.0.0.6'])).toEqual({
      kind: 'contacts', contacts: [{ uri: 'sip:alice@10.0.0.5:5062;transport=udp', expires: 120 }, { uri: 'sip:alice@10.0.0.6', expires: undefined }],
    });
    expect(parseContactHeader(['*'])).toEqual({ kind: 'wildcard' });
    expect(parseContactHeader([])).toEqual({ kind: 'none' });
    expect(parseContactHeader(['<http://x>'])).toBeUndefined();
  });

  it('plans adds, removals, clamping, 423 and the wildcard', () => {
    const c = parseContactHeader(['<sip:a@h1>;expires=0', '<sip:a@h2>', '<sip:a@h3>;expires=99999'])!;
    expect(planBindings(c, 300, rules, 1000)).toEqual({
      kind: 'update', removals: ['sip:a@h1'],
      upserts: [{ uri: 'sip:a@h2', seconds: 300, expiresAt: 301_000 }, { uri: 'sip:a@h3', seconds: 3600, expiresAt: 3_601_000 }],
    });
    expect(planBindings(parseContactHeader(['<sip:a@h>'])!, 30, rules, 0)).toEqual({ kind: 'too-brief', minSeconds: 60 });
    expect(planBindings({ kind: 'wildcard' }, 0, rules, 0)).toEqual({ kind: 'remove-all' });
    expect(planBindings({ kind: 'wildcard' }, 60, rules, 0).kind).toBe('bad-request');
    expect(planBindings({ kind: 'none' }, undefined, rules, 0)).toEqual({ kind: 'query' });
  });

  it('rings the most recently refreshed live binding', () => {
    const b = (contact: string, expiresAt: number, updatedAt: number) => ({ agentId: 'a', contact, expiresAt, updatedAt, callId: 'c', cseq: 1, source: 's' });
    expect(liveBindings([b('old', 500, 1), b('new', 400, 2), b('gone', 99, 3)], 100).map((x) => x.contact)).toEqual(['new', 'old']);
  });
});

describe('npm run sip-ha1', () => {
  it('prints the HA1s of a password read from stdin, never the password', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('npx', ['tsx', 'src/cli/sip-ha1.ts', 'alice', 'holdless.local'], { input: 's3cret\n', encoding: 'utf8' });
    expect(out).toContain(`ha1: ${ha1Of('MD5', 'alice', 'holdless.local', 's3cret')}`);
    expect(out).toContain(`ha1Sha256: ${ha1Of('SHA-256', 'alice', 'holdless.local', 's3cret')}`);
    expect(out).not.toContain('s3cret');
  });
});
