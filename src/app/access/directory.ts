/** The accounts and API keys the server knows, from config (users, agents with a credential, apiKeys). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiOperation, Identity, Role } from './roles.js';

export interface Account { id: string; role: Role; agentId?: string; passwordHash: string }
export interface ApiKeyDef {
  id: string;
  /** sha256 (hex) of the key: the key itself is never kept. */
  keyHash: string;
  services: string[] | 'all';
  operations: ApiOperation[];
  ratePerMinute: number;
}

export interface Directory {
  account(id: string): Account | undefined;
  /** The key's definition, or undefined for an unknown key (a 401, never a pass). */
  apiKey(presented: string): ApiKeyDef | undefined;
  accounts(): Account[];
  apiKeys(): ApiKeyDef[];
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

export function createDirectory(accounts: Account[], keys: ApiKeyDef[]): Directory {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const hashed = keys.map((k) => ({ def: k, hash: Buffer.from(k.keyHash, 'hex') }));
  // Keys that matched once, by the presented text: a partner sends the same key with every request,
  // and hashing it each time was ~2.5% of a POST. Only matches are kept (at most one text per key:
  // wrong keys cannot grow it), so the plain text of a key in use stays in memory for the life of
  // this directory; a reload builds a new directory and so forgets them. A lookup hashes the whole
  // text and compares it whole, so its time says nothing about how much of a guess was right.
  const matched = new Map<string, ApiKeyDef>();
  return {
    account: (id) => byId.get(id),
    apiKey(presented) {
      const known = matched.get(presented);
      if (known) return known;
      const given = createHash('sha256').update(presented).digest();
      // Compare with every key in constant time, so the time taken says nothing about which one matched.
      let found: ApiKeyDef | undefined;
      for (const k of hashed) if (k.hash.length === given.length && timingSafeEqual(k.hash, given)) found = k.def;
      if (found && matched.size < hashed.length) matched.set(presented, found);
      return found;
    },
    accounts: () => [...byId.values()],
    apiKeys: () => keys,
  };
}

export const identityOfAccount = (a: Account, sessionId?: string): Identity =>
  ({ kind: 'user', userId: a.id, role: a.role, ...(a.agentId ? { agentId: a.agentId } : {}), ...(sessionId ? { sessionId } : {}) });

export const identityOfKey = (k: ApiKeyDef): Identity =>
  ({ kind: 'api-key', keyId: k.id, services: k.services, operations: k.operations });
