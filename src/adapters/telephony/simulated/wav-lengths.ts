/**
 * Playing time of the recorded prompts (prompts/<lang>/<key>.wav), for the simulated driver: the
 * simulator's callers then spend in the IVR menus and hold loop as long as real callers would
 * (a menu of 6 s, hold music of 4 s) instead of one second per prompt. Read from the RIFF header
 * (byte rate of the fmt chunk, size of the data chunk), once per file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { HoldlessError } from '../../../domain/errors.js';

const HEADER_BYTES = 4096;

/** Milliseconds of audio in a WAV file's bytes (its header is enough), or undefined when it is not a PCM WAV. */
export function wavDurationMs(header: Buffer): number | undefined {
  if (header.length < 12 || header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  for (let at = 12; at + 8 <= header.length;) {
    const id = header.toString('ascii', at, at + 4);
    const size = header.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= header.length) byteRate = header.readUInt32LE(at + 16);
    if (id === 'data') return byteRate ? (size / byteRate) * 1000 : undefined;
    at += 8 + size + (size % 2); // chunks are padded to an even size
  }
  return undefined;
}

/** (key, language) → ms of prompts/<language>/<key>.wav; throws PROMPT_UNREADABLE for a missing or broken file. */
export function wavPromptLengths(promptsDir: string): (prompt: string, language: string) => number {
  const byLanguage = new Map<string, Map<string, number>>(); // asked for every prompt played: no path work on a hit
  return (prompt, language) => {
    let known = byLanguage.get(language);
    if (!known) byLanguage.set(language, (known = new Map()));
    let ms = known.get(prompt);
    if (ms === undefined) {
      ms = readDuration(join(promptsDir, language, `${prompt}.wav`));
      known.set(prompt, ms);
    }
    return ms;
  };
}

function readDuration(file: string): number {
  const buf = Buffer.alloc(HEADER_BYTES);
  let read = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      read = readSync(fd, buf, 0, HEADER_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new HoldlessError('PROMPT_UNREADABLE', `cannot read prompt ${file}: ${(e as Error).message}`, { file });
  }
  const ms = wavDurationMs(buf.subarray(0, read));
  if (ms === undefined) throw new HoldlessError('PROMPT_UNREADABLE', `prompt ${file} is not a PCM WAV file`, { file });
  return ms;
}
