import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { access, decide, serviceInScope, type Identity } from '../../src/app/access/roles.js';
import { canSeeNumbers, maskPhone, phoneFor } from '../../src/app/access/numbers.js';
import { hashPassword, verifyPassword } from '../../src/app/access/passwords.js';
import { main as userCli } from '../../src/cli/user.js';
import { loadConfig } from '../../src/adapters/config/load-config.js';

const user = (role: Identity & { kind: 'user' } extends infer U ? U extends { role: infer R } ? R : never : never, agentId?: string): Identity =>
  ({ kind: 'user', userId: 'u', role, ...(agentId ? { agentId } : {}) });
const key = (over: Partial<Extract<Identity, { kind: 'api-key' }>> = {}): Identity =>
  ({ kind: 'api-key', keyId: 'k', services: 'all', operations: ['create', 'read', 'cancel', 'reschedule'], ...over });

describe('decide', () => {
  it.each([
    ['undeclared route: nobody', undefined, user('administrator'), {}, false],
    ['public: anonymous', access.public, { kind: 'anonymous' }, {}, true],
    ['role listed', access.roles('supervisor'), user('supervisor'), {}, true],
    ['role not listed', access.roles('supervisor'), user('monitor'), {}, false],
    ['agent on itself', access.roles('agent:self'), user('agent', 'alice'), { agentId: 'alice' }, true],
    ['agent on another', access.roles('agent:self'), user('agent', 'alice'), { agentId: 'bob' }, false],
    ['agent role without self', access.roles('agent:self'), user('supervisor'), { agentId: 'alice' }, false],
    ['holder with the token', access.roles('holder'), { kind: 'anonymous' }, { holdsToken: true }, true],
    ['holder without', access.roles('holder'), { kind: 'anonymous' }, { holdsToken: false }, false],
    ['key with the operation', access.withKey('cancel'), key(), {}, true],
    ['key without the operation', access.withKey('cancel'), key({ operations: ['create'] }), {}, false],
    ['scraper', access.roles('scraper'), { kind: 'scraper' }, {}, true],
    ['signed-in: any user', access.roles('signed-in'), user('developer'), {}, true],
    ['signed-in: not a key', access.roles('signed-in'), key(), {}, false],
  ] as const)('%s', (_name, routeAccess, who, target, allowed) => {
    expect(decide(routeAccess, who as Identity, target).allowed).toBe(allowed);
  });

  it('anonymous is told to authenticate (401), a known caller is forbidden (403)', () => {
    expect(decide(access.roles('supervisor'), { kind: 'anonymous' })).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(decide(access.roles('supervisor'), user('monitor'))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('API keys are limited to their services; people are not', () => {
    expect(serviceInScope(key({ services: ['sales'] }), 'billing')).toBe(false);
    expect(serviceInScope(key({ services: ['sales'] }), 'sales')).toBe(true);
    expect(serviceInScope(user('monitor'), 'billing')).toBe(true);
  });
});

describe('numbers by role', () => {
  it('monitors and developers see masked numbers', () => {
    expect(canSeeNumbers(user('supervisor'))).toBe(true);
    expect(canSeeNumbers(user('agent', 'a'))).toBe(true);
    expect(canSeeNumbers(user('monitor'))).toBe(false);
    expect(canSeeNumbers(user('developer'))).toBe(false);
    expect(canSeeNumbers({ kind: 'anonymous' })).toBe(false);
    expect(maskPhone('+4915112345678')).toBe('+49151••••••78');
    expect(maskPhone('+4930901820')).toBe('+4930••••20');
    expect(maskPhone('123')).toBe('•••');
    expect(phoneFor(user('monitor'), '+4930901820')).not.toContain('9018');
  });
});

describe('password hashes', () => {
  it('verify the right password only, with the cost read from the hash', async () => {
    const hash = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});

describe('npm run user', () => {
  it('adds a user and sets an agent password in config.yaml, keeping comments; the result loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdless-user-'));
    const path = join(dir, 'config.yaml');
    copyFileSync('config.yaml', path);
    const env = { HOLDLESS_PASSWORD: 'new-secret-pass' };
    expect(await userCli(['add', 'olga', '--role', 'supervisor', '--config', path], env)).toBe(0);
    expect(await userCli(['add', 'carla', '--role', 'agent', '--config', path], env)).toBe(0);
    expect(await userCli(['add', 'olga', '--role', 'monitor', '--config', path], env)).toBe(1);
    expect(await userCli(['add', 'zed', '--role', 'agent', '--config', path], env)).toBe(1);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('# People who sign in besides agents');
    expect(text).not.toContain('new-secret-pass');
    const config = loadConfig(path, {});
    const olga = config.accounts.find((a) => a.id === 'olga')!;
    expect(olga.role).toBe('supervisor');
    expect(await verifyPassword('new-secret-pass', olga.passwordHash)).toBe(true);
    expect(await verifyPassword('new-secret-pass', config.accounts.find((a) => a.id === 'carla')!.passwordHash)).toBe(true);
  });
});
