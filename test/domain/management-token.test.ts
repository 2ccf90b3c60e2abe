import { describe, expect, it } from 'vitest';
import { isManagementToken, managementToken } from '../../src/domain/management-token.js';

describe('management tokens', () => {
  const secret = Buffer.alloc(32, 7);
  it('verifies the token of its own callback only', () => {
    const t = managementToken(secret, 'cb-1');
    expect(isManagementToken(secret, 'cb-1', t)).toBe(true);
    expect(isManagementToken(secret, 'cb-2', t)).toBe(false);
    expect(isManagementToken(Buffer.alloc(32, 8), 'cb-1', t)).toBe(false);
  });
  it('refuses missing, truncated and altered tokens', () => {
    const t = managementToken(secret, 'cb-1');
    expect(isManagementToken(secret, 'cb-1', undefined)).toBe(false);
    expect(isManagementToken(secret, 'cb-1', t.slice(0, -1))).toBe(false);
    expect(isManagementToken(secret, 'cb-1', t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A'))).toBe(false);
  });
});
