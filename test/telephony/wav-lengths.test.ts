import { describe, expect, it } from 'vitest';
import { wavDurationMs, wavPromptLengths } from '../../src/adapters/telephony/simulated/wav-lengths.js';
import { SimulatedLeg } from '../../src/adapters/telephony/simulated/leg.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';

/** A PCM WAV header: fmt chunk (8 kHz mono 16 bit: 16,000 bytes/s), an optional LIST chunk, then data. */
function header(dataBytes: number, withList = false): Buffer {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii'); fmt.writeUInt32LE(16, 4); fmt.writeUInt16LE(1, 8); fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(8000, 12); fmt.writeUInt32LE(16000, 16); fmt.writeUInt16LE(2, 20); fmt.writeUInt16LE(16, 22);
  const list = Buffer.from('LIST\u0003\u0000\u0000\u0000abc\u0000', 'binary'); // odd size: padded
  const data = Buffer.alloc(8); data.write('data', 0, 'ascii'); data.writeUInt32LE(dataBytes, 4);
  const riff = Buffer.alloc(12); riff.write('RIFF', 0, 'ascii'); riff.writeUInt32LE(4 + 24 + 8 + dataBytes, 4); riff.write('WAVE', 8, 'ascii');
  return Buffer.concat([riff, fmt, ...(withList ? [list] : []), data]);
}

describe('prompt lengths from the recorded WAV files (the simulator plays prompts as long as they are)', () => {
  it('reads the duration from the header, past other chunks', () => {
    expect(wavDurationMs(header(32_000))).toBe(2000);
    expect(wavDurationMs(header(8_000, true))).toBe(500);
    expect(wavDurationMs(Buffer.from('not a wav file at all'))).toBeUndefined();
  });

  it('the shipped hold music is about 4 s, and a missing prompt is an error with its path', () => {
    const length = wavPromptLengths('prompts');
    expect(length('hold_music', 'de')).toBeGreaterThan(3500);
    expect(length('hold_music', 'de')).toBeLessThan(4500);
    expect(() => length('no_such_prompt', 'de')).toThrow(/no_such_prompt\.wav/);
  });

  it('a simulated leg plays each prompt for its own length', async () => {
    const scheduler = new VirtualScheduler(0);
    const leg = new SimulatedLeg('leg-1', scheduler, { digits: [] }, (p) => (p === 'long' ? 3000 : 500));
    const played = leg.play(['long', 'short'], 'de');
    await scheduler.advance(3_499);
    let done = false;
    void played.then(() => { done = true; });
    await scheduler.advance(0);
    expect(done).toBe(false);
    await scheduler.advance(1);
    expect(done).toBe(true);
  });
});
