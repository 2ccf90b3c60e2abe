/** storage.driver and storage.postgres: defaults, the URL from the environment, the refusal without one. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { tempDir } from '../../src/testing/test-config.js';

const minimal = readFileSync('test/config/fixtures/good/minimal.yaml', 'utf8');
const withStorage = (storage: string) => minimal.replace('storage:\n  path: ../state/test.db\n', `storage:\n${storage}\n`);
function load(text: string, env: Record<string, string> = {}) {
  const path = join(tempDir(), 'config.yaml');
  writeFileSync(path, text);
  return loadConfig(path, env);
}

describe('storage configuration', () => {
  it('defaults to sqlite, and fills in the postgres defaults', () => {
    const c = load(minimal);
    expect(c.storage.driver).toBe('sqlite');
    expect(c.storage.postgres).toEqual({ urlEnv: 'HOLDLESS_DATABASE_URL', poolSize: 10, statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 });
  });

  it('postgres: the URL comes from HOLDLESS_DATABASE_URL (or the variable urlEnv names) when the file has none', () => {
    const url = 'postgres://holdless:secret@db.example:5432/holdless';
    expect(load(withStorage('  driver: postgres'), { HOLDLESS_DATABASE_URL: url }).storage.postgres?.url).toBe(url);
    const named = load(withStorage('  driver: postgres\n  postgres: { urlEnv: MY_DB, poolSize: 3, statementTimeoutMs: 0 }'), { MY_DB: url });
    expect(named.storage.postgres).toMatchObject({ url, poolSize: 3, statementTimeoutMs: 0 });
    const inFile = load(withStorage('  driver: postgres\n  postgres: { url: "postgres://h/db" }'), { HOLDLESS_DATABASE_URL: url });
    expect(inFile.storage.postgres?.url).toBe('postgres://h/db');
  });

  it('postgres without any URL is refused with the key path and the variable to set', () => {
    expect(() => load(withStorage('  driver: postgres'))).toThrow(/storage\.postgres\.url.*HOLDLESS_DATABASE_URL/);
    expect(() => load(withStorage('  driver: mysql'))).toThrow(/storage\.driver/);
  });
});
