/** Issues and checks per-callback management tokens under the server's persisted secret. */
import { randomBytes } from 'node:crypto';
import { isManagementToken, managementToken } from '../../domain/management-token.js';
import type { Store } from '../ports/store.js';

export interface ManagementTokens {
  issue(callbackId: string): string;
  verify(callbackId: string, token: string | undefined): boolean;
}

const SECRET_KEY = 'management-token-secret';

export function managementTokensFromSecret(secret: Uint8Array): ManagementTokens {
  return {
    issue: (id) => managementToken(secret, id),
    verify: (id, token) => isManagementToken(secret, id, token),
  };
}

/**
 * The secret is generated once and kept in the database, so tokens stay valid across restarts and
 * every process over the same store agrees on them (first writer wins).
 */
export async function loadManagementTokens(store: Store): Promise<ManagementTokens> {
  const fresh = randomBytes(32).toString('base64');
  const stored = await store.write(async (tx) => await tx.settings.putIfAbsent(SECRET_KEY, fresh));
  return managementTokensFromSecret(Buffer.from(stored, 'base64'));
}
