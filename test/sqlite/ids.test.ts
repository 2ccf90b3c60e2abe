/** Record ids: UUIDv7 text, strictly increasing in the order made (inserts land at the end of the index). */
import { describe, expect, it } from 'vitest';
import { newUuidv7 } from '../../src/adapters/system/ids.js';

describe('newUuidv7', () => {
  it('makes version-7 UUIDs, each greater than the last, over several refills of its random buffer', () => {
    const ids = Array.from({ length: 5000 }, () => newUuidv7());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
