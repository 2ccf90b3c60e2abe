import { describe, expect, it } from 'vitest';
import { agentOutcomeForSipStatus, backoffDelay, outcomeForSipStatus, outcomeForTone } from '../../src/adapters/telephony/drachtio/sip-outcome.js';
import { checkSecrets } from '../../src/adapters/telephony/drachtio/connections.js';

describe('SIP final status → attempt outcome', () => {
  it.each([
    [486, 'BUSY'], [600, 'BUSY'], [480, 'NO_ANSWER'], [408, 'NO_ANSWER'], [487, 'NO_ANSWER'], [603, 'REJECTED'],
    [403, 'REJECTED'], [404, 'INVALID_NUMBER'], [484, 'INVALID_NUMBER'], [410, 'INVALID_NUMBER'], [604, 'INVALID_NUMBER'],
    [500, 'NETWORK_ERROR'], [502, 'NETWORK_ERROR'], [503, 'NETWORK_ERROR'], [504, 'NETWORK_ERROR'], [488, 'NETWORK_ERROR'],
  ])('%i → %s', (status, outcome) => expect(outcomeForSipStatus(status)).toBe(outcome));
  it.each([[486, 'REJECTED'], [603, 'REJECTED'], [480, 'NO_ANSWER'], [487, 'NO_ANSWER'], [503, 'ERROR']])(
    'agent %i → %s', (status, outcome) => expect(agentOutcomeForSipStatus(status)).toBe(outcome));
  it.each([['SIT', 'SIT'], ['REORDER_TONE', 'SIT'], ['BUSY_TONE', 'BUSY'], ['fax', 'FAX'], ['CED_TONE', 'FAX'], ['RING_TONE', undefined]])(
    'tone %s → %s', (tone, outcome) => expect(outcomeForTone(tone)).toBe(outcome));
  it('reconnect backoff doubles and is capped', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 10_000))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(50, 10_000)).toBe(10_000);
  });
});

describe('default secrets', () => {
  const ok = { host: 'h', port: 1, secret: 's3cret-long' };
  it('refuses cymru and ClueCon unless allowed', () => {
    expect(() => checkSecrets({ drachtio: { ...ok, secret: 'cymru' }, mediaServer: ok, allowDefaultSecrets: false })).toThrow(/drachtio admin secret/);
    expect(() => checkSecrets({ drachtio: ok, mediaServer: { ...ok, secret: 'ClueCon' }, allowDefaultSecrets: false })).toThrow(/FreeSWITCH event socket password/);
    expect(() => checkSecrets({ drachtio: { ...ok, secret: 'cymru' }, mediaServer: { ...ok, secret: 'ClueCon' }, allowDefaultSecrets: true })).not.toThrow();
    expect(() => checkSecrets({ drachtio: ok, mediaServer: ok, allowDefaultSecrets: false })).not.toThrow();
  });
});
