import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { assertPromptsExist } from '../../src/adapters/telephony/prompt-check.js';
import { buildApp } from '../../src/build-app.js';

const shipped = join(import.meta.dirname, '../../prompts');

describe('startup prompt check (issue 14)', () => {
  it('the shipped prompts have the composed confirmation with the company prompt in every language', () => {
    expect(() => assertPromptsExist(shipped, ['en', 'de'], ['confirm_intro', 'company', 'confirm_connect', 'hold_music', 'whisper_callback'])).not.toThrow();
  });

  it('holdless refuses to start with the drachtio or simulated driver when a prompt is missing, listing every one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdless-prompts-'));
    cpSync(shipped, join(dir, 'prompts'), { recursive: true });
    rmSync(join(dir, 'prompts', 'de', 'company.wav'));
    rmSync(join(dir, 'prompts', 'en', 'whisper_callback.wav'));
    const base = loadConfig('config.yaml', {});
    const config = {
      ...base, storage: { ...base.storage, path: join(dir, 'h.db') }, logging: { level: 'silent' },
      telephony: { ...base.telephony, driver: 'simulated' as const, promptsDir: join(dir, 'prompts') },
    };
    const failure = await buildApp(config).then(() => undefined, (e: unknown) => e as { code: string; message: string; details: { missing: string[] } });
    expect(failure?.code).toBe('PROMPTS_MISSING');
    expect(failure?.details.missing.sort()).toEqual(['de/company.wav', 'en/whisper_callback.wav']);
    expect(failure?.message).toContain('scripts/prompts.sh');
  });
});
