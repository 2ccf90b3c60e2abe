/**
 * Time-ordered random ids (UUIDv7, DESIGN.md "Storage") as flat strings. uuidv7's own toString
 * appends the 36 characters one by one, and V8 keeps such a string as a chain of ~23 concatenation
 * nodes until something flattens it: every kept id (map keys, rows, events) then costs that many
 * heap objects, and the young-generation GC copies each of them (the simulator's heap held
 * 245,000 of these nodes mid-day). Written into a buffer and decoded once, the id is one string.
 */
import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/**
 * uuidv7's default source refills 8 random words from the CSPRNG (a getRandomValues call) every
 * 2-4 ids; 1024 words at a time make the refill rare (~3x cheaper per id). Same generator, so the
 * same layout and the same monotonic counter within a millisecond.
 */
class BufferedRandom {
  private readonly words = new Uint32Array(1024);
  private next = this.words.length;
  nextUint32(): number {
    if (this.next >= this.words.length) {
      randomFillSync(this.words);
      this.next = 0;
    }
    return this.words[this.next++]!;
  }
}
const generator = new V7Generator(new BufferedRandom());

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const text = Buffer.alloc(36, '-');
/** Where each byte's two digits go in 8-4-4-4-12. */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

export function newUuidv7(): string {
  const bytes = generator.generate().bytes;
  for (let i = 0; i < 16; i++) {
    const h = HEX[bytes[i]!]!;
    const at = AT[i]!;
    text[at] = h.charCodeAt(0);
    text[at + 1] = h.charCodeAt(1);
  }
  return text.toString('latin1', 0, 36);
}
