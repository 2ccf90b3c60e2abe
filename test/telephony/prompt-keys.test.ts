/**
 * Every prompt key the dialer and the connector hand to the media server must exist as
 * prompts/<lang>/<key>.wav for every shipped language (the e2e lane found missing names that
 * turned every answered callback into NO_CONFIRM).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIRMATION } from '../../src/app/dialer/claim.js';
import { HOLD_PROMPTS, WHISPER_PROMPTS } from '../../src/app/dialer/connector.js';
import { VOICEMAIL_PROMPTS } from '../../src/domain/call-in.js';
import { NUMBER_READBACK_PROMPTS } from '../../src/domain/flow/flow-model.js';

const promptsDir = join(import.meta.dirname, '../../prompts');
const languages = readdirSync(promptsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('prompt keys used outside the flows', () => {
  it('ships at least English and German', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'de']));
  });

  it.each(languages)('%s has the confirmation, hold and whisper prompts', (lang) => {
    const missing = [...CONFIRMATION.prompts, ...HOLD_PROMPTS, ...WHISPER_PROMPTS]
      .filter((key) => !existsSync(join(promptsDir, lang, `${key}.wav`)));
    expect(missing).toEqual([]);
  });

  it.each(languages)('%s has the call-in voicemail message prompts (number and code digits too)', (lang) => {
    const missing = [...VOICEMAIL_PROMPTS, ...NUMBER_READBACK_PROMPTS].filter((key) => !existsSync(join(promptsDir, lang, `${key}.wav`)));
    expect(missing).toEqual([]);
  });
});
