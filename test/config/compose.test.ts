/**
 * docker-compose.yml really runs the stack: a static check (there is no Docker engine on the
 * build machines, so nothing here starts a container). It reads docker-compose.yml,
 * .env.example and config.yaml and checks what `cp .env.example .env && docker compose up`
 * depends on: holdless on the drachtio driver, every variable config.yaml reads set under
 * that name, every compose variable without a default set by .env.example, and every file
 * of freeswitch/ reaching the path FreeSWITCH reads it from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ENV_OVERRIDES } from '../../src/adapters/config/load-config.js';

interface Service { environment?: Record<string, string> | string[]; volumes?: string[]; entrypoint?: string[] | string; command?: string }
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> };
const composeText = readFileSync('docker-compose.yml', 'utf8');
const configText = readFileSync('config.yaml', 'utf8');

/** .env.example as docker compose reads .env: NAME=value lines, # comments. */
function dotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) vars.set(m[1]!, m[2]!.trim());
  }
  return vars;
}

function environment(s: Service): Map<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) return new Map(env.map((e) => [e.split('=')[0]!, e.split('=').slice(1).join('=')]));
  return new Map(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?error}` references (not `$$` escapes). */
function references(text: string): { name: string; hasDefault: boolean }[] {
  const out: { name: string; hasDefault: boolean }[] = [];
  for (const m of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?])?([^}]*)\}/g)) {
    const withoutComments = m.input.slice(m.input.lastIndexOf('\n', m.index) + 1, m.index);
    if (withoutComments.includes('#')) continue;
    out.push({ name: m[1]!, hasDefault: m[2] === ':-' || m[2] === '-' });
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const FS_CONF = '/usr/local/freeswitch/conf';
const holdless = compose.services['holdless']!;
const freeswitch = compose.services['freeswitch']!;
const envExample = dotenv(readFileSync('.env.example', 'utf8'));

describe('docker-compose.yml (static check: no Docker engine here)', () => {
  it('runs holdless on the drachtio driver', () => {
    expect(environment(holdless).get('HOLDLESS_TELEPHONY_DRIVER')).toBe('drachtio');
    expect(environment(holdless).get('HOLDLESS_CONFIG')).toBe('/app/config.yaml');
    expect(holdless.volumes).toContain('./config.yaml:/app/config.yaml:ro');
  });

  it('sets every variable config.yaml reads, under the name config.yaml reads', () => {
    const read = new Set(references(configText).map((r) => r.name));
    expect(read.size).toBeGreaterThan(5);
    const env = environment(holdless);
    const missing = [...read].filter((name) => !env.has(name));
    expect(missing).toEqual([]);
    // The loader's own HOLDLESS_* overrides that compose sets must be names it knows.
    const known = new Set([...ENV_OVERRIDES.map((o) => o.variable), 'HOLDLESS_CONFIG', ...read]);
    expect([...env.keys()].filter((k) => !known.has(k))).toEqual([]);
  });

  it('gets every compose variable without a default from .env.example', () => {
    const needed = references(composeText).filter((r) => !r.hasDefault).map((r) => r.name);
    expect(needed).toContain('DRACHTIO_SECRET');
    expect([...new Set(needed)].filter((n) => !envExample.has(n) || envExample.get(n) === '')).toEqual([]);
  });

  it('passes the same drachtio and FreeSWITCH secrets to the servers and to holdless', () => {
    const env = environment(holdless);
    expect(env.get('HOLDLESS_DRACHTIO_SECRET')).toBe('${DRACHTIO_SECRET}');
    expect(env.get('HOLDLESS_FREESWITCH_SECRET')).toBe('${FREESWITCH_ESL_PASSWORD}');
    expect(environment(freeswitch).has('FREESWITCH_ESL_PASSWORD')).toBe(true);
    expect(composeText).toMatch(/--secret \$\{DRACHTIO_SECRET/);
  });

  it('puts every freeswitch/ file where FreeSWITCH reads it', () => {
    // freeswitch/ is mounted read-only as a whole and copied over conf/ by the entrypoint.
    const mount = (freeswitch.volumes ?? []).map((v) => v.split(':')).find(([host]) => host === './freeswitch');
    expect(mount, 'freeswitch/ mounted into the container').toBeDefined();
    const staged = mount![1]!;
    const script = Array.isArray(freeswitch.entrypoint) ? freeswitch.entrypoint.join(' ') : String(freeswitch.entrypoint);
    expect(script).toContain(`cp -R ${staged}/. ${FS_CONF}/`);
    expect(script).toContain('exec /entrypoint.sh'); // the image's own entrypoint still runs
    const landed = filesUnder('freeswitch').map((f) => posix.join(FS_CONF, relative('freeswitch', f).split('\\').join('/')));
    expect(landed.length).toBe(filesUnder('freeswitch').length);
    // FreeSWITCH reads autoload_configs/*.xml, dialplan/*.xml and sip_profiles/*.xml by glob;
    // the vars fragment only when vars.xml includes it.
    for (const path of landed) {
      const rel = posix.relative(FS_CONF, path);
      if (rel === 'vars.xml.fragment') {
        expect(script).toMatch(/<X-PRE-PROCESS cmd="include" data="vars\.xml\.fragment"\/>/);
        expect(script).toContain(`${FS_CONF}/vars.xml`);
      } else {
        expect(rel, `${rel} is in a folder FreeSWITCH loads`).toMatch(/^(autoload_configs|dialplan|sip_profiles)\/[^/]+\.xml$/);
      }
    }
  });

  it('mounts prompts/ at the same absolute path in FreeSWITCH and holdless', () => {
    expect(freeswitch.volumes).toContain('./prompts:/app/prompts:ro');
    expect(holdless.volumes).toContain('./prompts:/app/prompts:ro');
  });
});
