/** The SIP parts of config.yaml: trunks from the environment, registering phones, their checks. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { tempDir } from '../../src/testing/test-config.js';

const shipped = readFileSync('config.yaml', 'utf8');
function load(text: string, env: Record<string, string> = {}) {
  const dir = tempDir();
  const path = join(dir, 'config.yaml');
  writeFileSync(path, text);
  return loadConfig(path, env);
}
const errorOf = (fn: () => unknown): string => {
  try { fn(); } catch (e) { return (e as Error).message; }
  return '';
};

describe('SIP configuration', () => {
  it('reads the trunk credentials, registration and allowlist from the environment', () => {
    const c = load(shipped, {
      HOLDLESS_TRUNK_HOST: 'sip.carrier.example', HOLDLESS_TRUNK_USERNAME: 'acct1', HOLDLESS_TRUNK_PASSWORD: 'pw',
      HOLDLESS_TRUNK_REGISTER: 'true', HOLDLESS_TRUNK_INBOUND: '192.0.2.0/24, 198.51.100.7',
    });
    expect(c.telephony.trunks).toEqual([expect.objectContaining({
      id: 'carrier', host: 'sip.carrier.example', auth: { username: 'acct1', password: 'pw' }, register: true,
      inboundAddresses: ['192.0.2.0/24', '198.51.100.7'], assertIdentity: false,
    })]);
    expect(c.telephony.registrar).toMatchObject({ realm: 'holdless.local', maxFailuresPerUser: 5 });
    expect(c.services.find((s) => s.id === 'billing')?.callerName).toBe('Northwind Billing');
  });

  it('without credentials the trunk is IP-based (no auth)', () => {
    const c = load(shipped);
    expect(c.telephony.trunks?.[0]).toMatchObject({ host: '127.0.0.1:5090', register: false, inboundAddresses: ['127.0.0.1/32'] });
    expect(c.telephony.trunks?.[0]?.auth).toBeUndefined();
  });

  it('an agent phone that registers: HA1 kept, address of record as sip', () => {
    const text = shipped.replace('    sip: sip:bob@127.0.0.1:5080\n', `    register: { username: bob, ha1: ${'a'.repeat(32)} }\n`);
    const bob = load(text).agents.find((a) => a.id === 'bob')!;
    expect(bob).toMatchObject({ sip: 'sip:bob@holdless.local', phone: { username: 'bob', ha1: 'a'.repeat(32) } });
  });

  it('refuses an agent that cannot be rung, a phone without HA1, a password instead of an HA1, and a bad CIDR', () => {
    const noWay = shipped.replace('    sip: sip:bob@127.0.0.1:5080\n', '');
    expect(errorOf(() => load(noWay))).toMatch(/agents\[1\]: needs `sip` \(a static URI\) or `register`/);
    const noHa1 = shipped.replace('    sip: sip:bob@127.0.0.1:5080\n', '    register: { username: bob }\n');
    expect(errorOf(() => load(noHa1))).toMatch(/agents\[1\]\.register: needs ha1/);
    const plain = shipped.replace('    sip: sip:bob@127.0.0.1:5080\n', '    register: { username: bob, ha1: hunter2 }\n');
    expect(errorOf(() => load(plain))).toMatch(/agents\[1\]\.register\.ha1: must be MD5/);
    expect(errorOf(() => load(shipped, { HOLDLESS_TRUNK_INBOUND: '10.0.0.0/33' }))).toMatch(/"10\.0\.0\.0\/33" is not an IP address or CIDR/);
  });
});
