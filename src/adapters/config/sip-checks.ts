/**
 * Cross-checks of the SIP parts of config.yaml: how each agent is rung (a static URI, a
 * registering phone, or both), HA1s present, unique phone usernames, trunk credentials and
 * inbound allowlists that parse as IPs or CIDRs.
 */
import { BlockList, isIP } from 'node:net';
import type { FoundProblem } from './problems.js';

type Rec = Record<string, unknown>;
const rec = (x: unknown): Rec => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Rec) : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function checkSip(root: Rec, errors: FoundProblem[], warnings: FoundProblem[]): void {
  const usernames = new Set<string>();
  list(root['agents']).forEach((a, i) => {
    const agent = rec(a);
    const reg = agent['register'] === undefined ? undefined : rec(agent['register']);
    if (agent['sip'] === undefined && !reg) errors.push({ path: ['agents', i], message: 'needs `sip` (a static URI) or `register` (a phone that registers)' });
    if (!reg) return;
    if (reg['ha1'] === undefined && reg['ha1Sha256'] === undefined) {
      errors.push({ path: ['agents', i, 'register'], message: 'needs ha1 and/or ha1Sha256 (compute them with `npm run sip-ha1`; never the password)' });
    }
    const u = String(reg['username'] ?? '');
    if (usernames.has(u)) errors.push({ path: ['agents', i, 'register', 'username'], message: `phone username "${u}" is used by another agent` });
    usernames.add(u);
  });
  list(rec(root['telephony'])['trunks']).forEach((t, i) => checkTrunk(rec(t), ['telephony', 'trunks', i], errors, warnings));
}

function checkTrunk(t: Rec, path: (string | number)[], errors: FoundProblem[], warnings: FoundProblem[]): void {
  const username = typeof t['username'] === 'string' ? t['username'] : '';
  if (!username && typeof t['password'] === 'string' && t['password'] !== '') errors.push({ path: [...path, 'password'], message: 'a password needs a username' });
  if (t['register'] === true && !username) errors.push({ path: [...path, 'register'], message: 'registration needs username and password' });
  const raw = t['inboundAddresses'];
  const entries = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
  for (const entry of entries) {
    if (!parseCidr(entry)) errors.push({ path: [...path, 'inboundAddresses'], message: `"${entry}" is not an IP address or CIDR (e.g. 192.0.2.10 or 192.0.2.0/24)` });
  }
  if (entries.length === 0) warnings.push({ path: [...path, 'inboundAddresses'], message: 'no inbound addresses: INVITEs from this trunk are refused (when no trunk lists any, every source is accepted)' });
}

/** "192.0.2.0/24" | "2001:db8::1" → parts for a BlockList; undefined when malformed. */
export function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address, bits] = entry.split('/');
  const v = isIP(address ?? '');
  if (v === 0) return undefined;
  const max = v === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d+$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address: address!, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

/** The allowlist as a BlockList (node:net) of every well-formed entry. */
export function allowList(entries: string[]): BlockList {
  const bl = new BlockList();
  for (const e of entries) {
    const c = parseCidr(e);
    if (c) bl.addSubnet(c.address, c.prefix, c.family);
  }
  return bl;
}
