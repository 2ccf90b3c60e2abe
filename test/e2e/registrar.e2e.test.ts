/**
 * Lane cases of issue 14 for the registrar and the trunk (HOLDLESS_E2E=1, sipp against real
 * drachtio-server + FreeSWITCH; skipped with the reason otherwise):
 * - an agent phone registers with digest auth through drachtio and is rung at its contact;
 * - the carrier trunk challenges our INVITE with 407 and the authenticated INVITE is answered.
 * NOT RUN against real servers in the session that wrote them (no drachtio/FreeSWITCH there).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ha1Of } from '../../src/domain/sip/digest.js';
import { challengingTrunk, trunkCredentialsValid } from './auth-helpers.js';
import {
  agentReady, attemptsOf, e2e, e2eConfig, e2eGate, killAllSipp, noChannelsLeft, requestCallback, rtpFile,
  RTP_TAIL_MS, scenarioFile, sipp, startHoldless, uas, watchStates, type Holdless,
} from './harness.js';

import { assertIdleFreeswitch, pressOne, sippOk } from './lane-helpers.js';

const reason = await e2eGate();
if (reason) console.log(`[e2e registrar] skipped: ${reason}`);

const REALM = 'holdless.e2e';
const ok = sippOk;

let h: Holdless | undefined;
beforeEach(async () => { if (!reason) await assertIdleFreeswitch(); });
afterEach(async () => { await killAllSipp(); await h?.stop(); h = undefined; });

(reason ? describe.skip : describe)('registrar and trunk end-to-end (sipp + drachtio + FreeSWITCH)', () => {
  it('an agent phone registers with digest auth and is rung at its registered contact', async () => {
    const config = e2eConfig();
    const contactPort = 5093; // not alice's static port: only the binding leads here
    config.telephony.registrar = {
      realm: REALM, nonceTtlSeconds: 300, minExpiresSeconds: 60, maxExpiresSeconds: 3600, defaultExpiresSeconds: 600,
      maxFailuresPerSource: 10, maxFailuresPerUser: 5, failureWindowSeconds: 300, blockSeconds: 900,
    };
    config.agents = config.agents.map((a) => (a.id === 'alice'
      ? { ...a, sip: `sip:alice@${REALM}`, phone: { username: 'alice', ha1: ha1Of('MD5', 'alice', REALM, 'desk-pw') } } : a));
    h = await startHoldless(config);
    const refused = await fetch(`${h.url}/v1/agents/alice/state`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${config.http.adminToken}` }, body: JSON.stringify({ state: 'READY' }),
    });
    expect(refused.status).toBe(409);
    const register = sipp(scenarioFile('phone-register.xml', { AOR_USER: 'alice', AUTH_PASSWORD: 'desk-pw', REGISTRAR_DOMAIN: REALM, CONTACT_PORT: contactPort, EXPIRES: 300 }),
      [e2e.sip], 20_000);
    await ok(register, 'phone REGISTER through drachtio');
    const phone = uas('uas-answer.xml', contactPort, { HANGUP_AFTER_MS: 4000 });
    const customer = uas('uas-answer.xml', e2e.customerPort, { PCAP_FILE: pressOne() });
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111121');
    const states = watchStates(h, id);
    await ok(phone, 'alice\'s phone at its registered contact');
    await ok(customer, 'customer');
    states.stop();
    expect(states.seen).toContain('CONNECTED');
    expect(attemptsOf(h, id).map((a) => [a.outcome, a.agentId])).toEqual([['PERSON', 'alice']]);
    await noChannelsLeft();
  }, 120_000);

  it('a trunk that challenges our INVITE with 407 gets the credentials and connects the callback', async () => {
    const config = e2eConfig();
    config.telephony.trunks = [{
      id: 'carrier', host: `127.0.0.1:${e2e.customerPort}`, priority: 1, auth: { username: 'acct1', password: 'trunk-pw' },
      register: false, registerExpiresSeconds: 600, inboundAddresses: ['127.0.0.1/32'], assertIdentity: true,
    }];
    h = await startHoldless(config);
    const alice = uas('uas-answer.xml', e2e.agentPorts.alice!, { HANGUP_AFTER_MS: 4000 });
    const trunk = challengingTrunk(e2e.customerPort, { PCAP_FILE: pressOne() });
    await agentReady(h, 'alice');
    const id = await requestCallback(h, '+4930111122');
    await ok(alice, 'agent alice');
    await ok(trunk.run, 'challenging trunk');
    expect(trunkCredentialsValid(trunk.messages, 'acct1', 'trunk-pw').valid).toBe(true);
    expect(attemptsOf(h, id).map((a) => a.outcome)).toEqual(['PERSON']);
    await noChannelsLeft();
  }, 120_000);
});
