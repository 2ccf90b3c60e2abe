import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (p: string) => readFileSync(new URL(`../../freeswitch/${p}`, import.meta.url), 'utf8').replace(/<!--[\s\S]*?-->/g, '');

describe('FreeSWITCH config: a far end that sends no RTP is noticed (issue 14)', () => {
  it('the drachtio_mrf profile runs channels on a timer (enable-timer=false never counts missed packets)', () => {
    const profile = read('sip_profiles/mrf.xml');
    expect(profile).toMatch(/<param name="enable-timer" value="true"\/>/);
    expect(profile).not.toMatch(/rtp-timeout-sec/); // deprecated and ignored
  });

  it('media_timeout is set before answer, when FreeSWITCH turns it into a missed-packet limit', () => {
    const actions = [...read('dialplan/mrf.xml').matchAll(/<action application="(\w+)"(?: data="([^"]*)")?\/>/g)].map((m) => `${m[1]} ${m[2] ?? ''}`.trim());
    const timeout = actions.findIndex((a) => /^set media_timeout=\d+$/.test(a));
    const answer = actions.indexOf('answer');
    expect(timeout).toBeGreaterThanOrEqual(0);
    expect(answer).toBeGreaterThan(timeout);
  });
});
