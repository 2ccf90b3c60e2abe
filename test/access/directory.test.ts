/** API keys: a lookup remembers a key that matched, and a reload (a new directory) forgets it. */
import { describe, expect, it } from 'vitest';
import { createDirectory, sha256Hex, type ApiKeyDef } from '../../src/app/access/directory.js';
import { swappableDirectory } from '../../src/reload.js';

const def = (id: string, key: string): ApiKeyDef => ({ id, keyHash: sha256Hex(key), services: 'all', operations: ['create'], ratePerMinute: 60 });

describe('API key directory', () => {
  it('finds a key again from memory, never a wrong or a longer one, and keeps no more than one text per key', () => {
    const d = createDirectory([], [def('a', 'key-of-a-0001'), def('b', 'key-of-b-0002')]);
    expect(d.apiKey('key-of-a-0001')?.id).toBe('a');
    expect(d.apiKey('key-of-a-0001')?.id).toBe('a');
    expect(d.apiKey('key-of-b-0002')?.id).toBe('b');
    expect(d.apiKey('key-of-a-000')).toBeUndefined();
    expect(d.apiKey('key-of-a-00011')).toBeUndefined();
    expect(d.apiKey('')).toBeUndefined();
  });

  it('a reload that drops or changes a key refuses the old text at once', () => {
    const live = swappableDirectory(createDirectory([], [def('a', 'key-of-a-0001')]));
    expect(live.apiKey('key-of-a-0001')?.id).toBe('a'); // now remembered
    live.replace(createDirectory([], [def('a', 'new-key-of-a-0003')]));
    expect(live.apiKey('key-of-a-0001')).toBeUndefined();
    expect(live.apiKey('new-key-of-a-0003')?.id).toBe('a');
  });
});
