import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HoldlessError } from '../../domain/errors.js';

/**
 * At start: every prompt the dialer and the connector play (the composed confirmation with the
 * company prompt, hold music, the agent whisper) must exist as prompts/<lang>/<key>.wav in every
 * language a service or flow speaks. Flow prompts are checked by the flow loader; a prompt missing
 * here would only show at the first answered callback (every one a NO_CONFIRM).
 */
export function assertPromptsExist(promptsDir: string, languages: readonly string[], keys: readonly string[]): void {
  const missing = [...new Set(languages)].flatMap((lang) =>
    [...new Set(keys)].filter((key) => !existsSync(join(promptsDir, lang, `${key}.wav`))).map((key) => `${lang}/${key}.wav`));
  if (missing.length === 0) return;
  throw new HoldlessError('PROMPTS_MISSING', `missing prompts in ${promptsDir}: ${missing.join(', ')} (record them, or run scripts/prompts.sh to generate them from prompts/<lang>.txt and company.name)`, { missing });
}
