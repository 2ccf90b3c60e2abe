/**
 * A copy of the shipped config.yaml for admin tests, and the overrides that make the test app run
 * with the same users and API keys (so config.yaml and the running server agree at the start).
 * The shipped users sign in with `<id>-demo-pass`.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import type { AppConfig } from '../../src/adapters/config/types.js';
import { testConfig } from '../../src/testing/test-config.js';

export interface ConfigCopy { file: string; env: Record<string, string | undefined>; over: Partial<AppConfig> }

export function shippedConfigCopy(): ConfigCopy {
  const file = join(mkdtempSync(join(tmpdir(), 'holdless-admin-')), 'config.yaml');
  copyFileSync('config.yaml', file);
  const env = {};
  const shipped = loadConfig(file, env);
  const base = testConfig();
  const over: Partial<AppConfig> = {
    accounts: [...base.accounts.filter((a) => a.agentId), ...shipped.accounts.filter((a) => !a.agentId)],
    http: { ...base.http, apiKeys: shipped.http.apiKeys },
  };
  return { file, env, over };
}

export const demoPassword = (user: string): string => `${user}-demo-pass`;
