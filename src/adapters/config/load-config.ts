/**
 * Loads config.yaml once at start: YAML syntax → `${ENV}` substitution → environment overrides →
 * schema (defaults applied) → cross-reference checks. Every problem is collected and reported at
 * once as `file:line key.path: message`, in a HoldlessError('CONFIG_INVALID').
 *
 * This is the one place of holdless that reads process.env. Environment variables:
 *
 * | variable                    | effect                                                   |
 * |-----------------------------|----------------------------------------------------------|
 * | HOLDLESS_CONFIG             | path of the config file, instead of the `path` argument  |
 * | HOLDLESS_HTTP_HOST          | overrides http.host                                      |
 * | HOLDLESS_HTTP_PORT          | overrides http.port                                      |
 * | HOLDLESS_DB_PATH            | overrides storage.path                                   |
 * | HOLDLESS_ADMIN_TOKEN        | overrides http.adminToken                                |
 * | HOLDLESS_TELEPHONY_DRIVER   | overrides telephony.driver (none, simulated, drachtio)   |
 * | HOLDLESS_LOG_LEVEL          | overrides logging.level                                  |
 * | HOLDLESS_DATABASE_URL       | storage.postgres.url when the file sets none (the name is storage.postgres.urlEnv) |
 * | any name, in `${NAME}` or `${NAME:-default}` inside a string value of the file        |
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HoldlessError } from '../../domain/errors.js';
import { crossCheck } from './cross-checks.js';
import { formatKeyPath, formatProblem, type ConfigProblem, type FoundProblem, type KeyPath } from './problems.js';
import type { ConfigFile } from './schema.js';
import { toAppConfig } from './to-app-config.js';
import type { AppConfig } from './types.js';
import { validateSchema } from './validate-schema.js';
import { lineOf, parseYaml, substituteEnv, type YamlSource } from './yaml-source.js';

export type { ConfigProblem } from './problems.js';

interface EnvOverride { variable: string; path: [string, string]; numeric?: boolean }
export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { variable: 'HOLDLESS_HTTP_HOST', path: ['http', 'host'] },
  { variable: 'HOLDLESS_HTTP_PORT', path: ['http', 'port'], numeric: true },
  { variable: 'HOLDLESS_DB_PATH', path: ['storage', 'path'] },
  { variable: 'HOLDLESS_ADMIN_TOKEN', path: ['http', 'adminToken'] },
  { variable: 'HOLDLESS_TELEPHONY_DRIVER', path: ['telephony', 'driver'] },
  { variable: 'HOLDLESS_LOG_LEVEL', path: ['logging', 'level'] },
];

export interface LoadedConfig { config: AppConfig; warnings: ConfigProblem[] }

export function loadConfig(
  path: string,
  env: Record<string, string | undefined> = process.env,
  onWarning: (problem: ConfigProblem, line: string) => void = () => {},
): AppConfig {
  const { config, warnings } = loadConfigWithWarnings(path, env);
  for (const w of warnings) onWarning(w, formatProblem(w));
  return config;
}

export function loadConfigWithWarnings(path: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  const file = env['HOLDLESS_CONFIG'] || path;
  const text = readText(file);
  const { source, syntax } = parseYaml(text);
  if (syntax.length > 0) fail(syntax.map((s) => ({ file, line: s.line, path: '', message: s.message })));

  const envProblems = substituteEnv(source, env);
  const data: unknown = source.doc.toJS() ?? {};
  const overridden = applyOverrides(data, env);
  const locate = locator(file, source, overridden);
  const schemaProblems = validateSchema(data);
  const checks = crossCheck(data);
  const storage = schemaProblems.length === 0 ? postgresUrl(data, env) : [];
  const problems = firstPerPath([...envProblems, ...schemaProblems, ...checks.errors, ...storage]).map(locate);
  if (problems.length > 0) fail(problems);

  const baseDir = dirname(resolve(file));
  return { config: toAppConfig(data as ConfigFile, baseDir), warnings: checks.warnings.map(locate) };
}

/**
 * storage.driver postgres: the URL (it holds a password) comes from the file or, when absent, from
 * the environment variable storage.postgres.urlEnv (default HOLDLESS_DATABASE_URL).
 */
function postgresUrl(data: unknown, env: Record<string, string | undefined>): FoundProblem[] {
  const storage = (data as ConfigFile).storage;
  if (storage.driver !== 'postgres' || storage.postgres.url) return [];
  const fromEnv = env[storage.postgres.urlEnv];
  if (fromEnv) {
    storage.postgres.url = fromEnv;
    return [];
  }
  return [{ path: ['storage', 'postgres', 'url'], message: `storage.driver is postgres: set storage.postgres.url or the environment variable ${storage.postgres.urlEnv}` }];
}

/** One problem per key path: a missing variable also fails the schema, say it once. */
function firstPerPath(problems: FoundProblem[]): FoundProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatKeyPath(p.path);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return fail([{ file, line: 0, path: '', message: `cannot read the config file: ${(e as Error).message}` }]);
  }
}

/** Applies HOLDLESS_* overrides before validation, so they are checked like file values. */
function applyOverrides(data: unknown, env: Record<string, string | undefined>): Map<string, string> {
  const overridden = new Map<string, string>(); // formatted key path → variable
  if (data === null || typeof data !== 'object') return overridden;
  const root = data as Record<string, unknown>;
  for (const o of ENV_OVERRIDES) {
    const value = env[o.variable];
    if (value === undefined || value === '') continue;
    const [section, key] = o.path;
    const target = root[section] !== null && typeof root[section] === 'object' ? root[section] : (root[section] = {});
    (target as Record<string, unknown>)[key] = o.numeric && /^[0-9]+$/.test(value) ? Number(value) : value;
    overridden.set(formatKeyPath(o.path), o.variable);
  }
  return overridden;
}

/** Found problem → reported problem: the file line, or the environment variable it came from. */
function locator(file: string, source: YamlSource, overridden: Map<string, string>) {
  return (p: FoundProblem): ConfigProblem => {
    const path = formatKeyPath(p.path);
    const variable = overridden.get(path);
    if (variable) return { file: `environment ${variable}`, line: 0, path, message: p.message };
    return { file, line: lineOf(source, p.path as KeyPath, p.atKey), path, message: p.message };
  };
}

function fail(problems: ConfigProblem[]): never {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  throw new HoldlessError('CONFIG_INVALID', sorted.map(formatProblem).join('\n'), { problems: sorted });
}
