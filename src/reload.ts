/**
 * Config and flow reload without dropping calls (issue 11 part 5): SIGHUP in main.ts, or the
 * admin page through `reloadConfig`. Reads config.yaml (and the flows and prompts it names) with
 * the normal loaders; only if everything passes are the catalog, the access directory and the
 * inbound flows swapped, all at once, for new work. Calls in progress keep the catalog and flow
 * they started with (telephony-wiring pins them). Settings read only at start are reported as
 * needing a restart instead of being silently ignored.
 */
import type { Directory } from './app/access/directory.js';
import { createDirectory } from './app/access/directory.js';
import type { AppContext } from './app/context.js';
import { loadConfig } from './adapters/config/load-config.js';
import type { AppConfig } from './adapters/config/types.js';
import { catalogFrom } from './build-app.js';
import type { InboundWiring } from './telephony-wiring.js';
import { pinCatalog } from './telephony-wiring.js';

export type ReloadResult =
  | { ok: true; needsRestart: string[] }
  | { ok: false; code: string; message: string };

/** A directory whose contents can be replaced in one step (the access hook holds this object). */
export interface SwappableDirectory extends Directory { replace(next: Directory): void }

export function swappableDirectory(initial: Directory): SwappableDirectory {
  let d = initial;
  return {
    account: (id) => d.account(id),
    apiKey: (k) => d.apiKey(k),
    accounts: () => d.accounts(),
    apiKeys: () => d.apiKeys(),
    replace: (next) => { d = next; },
  };
}

export interface ReloadTargets {
  configPath: string;
  running: AppConfig;
  ctx: AppContext;
  directory: SwappableDirectory;
  inbound?: InboundWiring;
}

/** Settings read once at start: a change is reported, not applied. */
const START_ONLY: [string, (c: AppConfig) => unknown][] = [
  ['http.port', (c) => c.http.port],
  ['http.host', (c) => c.http.host],
  ['storage.path', (c) => c.storage.path],
  ['storage.driver', (c) => c.storage.driver ?? 'sqlite'],
  ['storage.postgres', (c) => c.storage.postgres],
  ['cluster', (c) => c.cluster],
  ['telephony.driver', (c) => c.telephony.driver],
];

export function reloadConfig(t: ReloadTargets): ReloadResult {
  let next: AppConfig;
  let swapFlows: (() => void) | undefined;
  const catalog = (() => {
    try {
      next = loadConfig(t.configPath);
      return catalogFrom(next);
    } catch (e) {
      return e as { code?: string; message?: string };
    }
  })();
  if (!('services' in catalog)) return { ok: false, code: catalog.code ?? 'CONFIG_INVALID', message: catalog.message ?? String(catalog) };
  const needsRestart = START_ONLY.filter(([, get]) => JSON.stringify(get(next!)) !== JSON.stringify(get(t.running))).map(([k]) => k);
  try {
    // Flows are checked against the new services; they run on the new catalog (pinned, like at start).
    swapFlows = t.inbound && next!.telephony.driver === t.running.telephony.driver ? t.inbound.prepare(next!, pinCatalog(t.ctx, catalog)) : undefined;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { ok: false, code: err.code ?? 'FLOW_INVALID', message: err.message ?? String(e) };
  }
  // Everything passed: swap all at once (synchronously, so no request sees half of it).
  t.ctx.catalog = catalog;
  t.directory.replace(createDirectory(next!.accounts, next!.http.apiKeys));
  swapFlows?.();
  t.running = next!;
  return { ok: true, needsRestart };
}

