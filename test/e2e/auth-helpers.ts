/** Digest helpers of the lane: a challenging trunk whose credentials the test checks with our digest code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expectedResponse, ha1Of, parseAuthorization } from '../../src/domain/sip/digest.js';
import { rtpFile, scenarioFile, sipp, RTP_TAIL_MS, type SippRun } from './harness.js';

export const TRUNK_REALM = 'carrier.example';
const traces = mkdtempSync(join(tmpdir(), 'holdless-auth-'));
let n = 0;

export interface ChallengingTrunk { run: SippRun; messages: string }

/** uas-challenge.xml on `port`: 407, then answers the authenticated INVITE; messages traced to a file. */
export function challengingTrunk(port: number, values: Record<string, string | number> = {}, timeoutMs = 90_000): ChallengingTrunk {
  const messages = join(traces, `trunk-${++n}.log`);
  const run = sipp(scenarioFile('uas-challenge.xml', {
    AUTH_USER: 'acct1', NONCE: `n${Date.now().toString(36)}${n}`, RING_MS: 300, HANGUP_AFTER_MS: 60_000,
    PCAP_FILE: rtpFile([{ kind: 'silence', ms: RTP_TAIL_MS }]), ...values,
  }), ['-p', String(port), '-trace_msg', '-message_file', messages], timeoutMs);
  return { run, messages };
}

/** The Proxy-Authorization the trunk received, checked against the password with holdless's digest code. */
export function trunkCredentialsValid(messagesFile: string, username: string, password: string): { valid: boolean; header?: string } {
  const text = readFileSync(messagesFile, 'utf8');
  const header = /^Proxy-Authorization:\s*(.+)$/im.exec(text)?.[1]?.trim();
  const c = parseAuthorization(header);
  if (!c || c.username !== username) return { valid: false, header };
  const ok = expectedResponse(c, ha1Of(c.algorithm, username, c.realm, password), 'INVITE') === c.response;
  return { valid: ok && c.realm === TRUNK_REALM, header };
}
