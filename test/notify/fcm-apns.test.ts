import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_EVENTS } from '../../src/domain/push.js';
import { createCallback, eventsOf, notifyHarness, promisePush, tick } from './harness.js';
import { keyPair, startFakeApns, startFakeFcm, type FakeApns, type FakeFcm } from './fake-providers.js';
import { selfSignedCert, type TestCert } from './tls.js';

const sa = keyPair('rsa');
const p8 = keyPair('ec');
let cert: TestCert;
let fcm: FakeFcm;
let apns: FakeApns;

beforeAll(async () => {
  cert = selfSignedCert();
  fcm = await startFakeFcm({ clientEmail: 'holdless@proj.iam.gserviceaccount.com', publicKey: sa.publicKey, projectId: 'proj-1' });
  apns = await startFakeApns(cert, { teamId: 'TEAM123456', keyId: 'KEY1234567', publicKey: p8.publicKey, topic: 'com.example.energy' });
});
afterAll(async () => { await fcm.close(); await apns.close(); });

const config = () => ({
  caFile: cert.certFile,
  fcm: { projectId: 'proj-1', clientEmail: 'holdless@proj.iam.gserviceaccount.com', privateKey: sa.privatePem, tokenUrl: fcm.tokenUrl, sendUrl: fcm.sendUrl },
  apns: { teamId: 'TEAM123456', keyId: 'KEY1234567', privateKey: p8.privatePem, topic: 'com.example.energy', url: apns.url },
});

describe('FCM HTTP v1 (fake server over plain HTTP on 127.0.0.1 verifying the RS256 assertion)', () => {
  it('exchanges a signed service-account JWT for a token, reuses it, and sends to the device', async () => {
    fcm.validDevices.add('fcm-device-1');
    const h = await notifyHarness(config());
    const a = await createCallback(h, '+4930901831');
    const b = await createCallback(h, '+4930901832');
    const seq = await promisePush(h, a, { channel: 'fcm', token: 'fcm-device-1' }, { accessCode: '1234' });
    await promisePush(h, b, { channel: 'fcm', token: 'fcm-device-1' });
    await tick(h);
    expect(fcm.refused).toEqual([]);
    expect(fcm.tokensIssued).toBe(1);
    expect(fcm.delivered).toHaveLength(2);
    expect(fcm.delivered[0]!.body).toMatchObject({
      message: { token: 'fcm-device-1', notification: { title: 'Your callback is ready' }, data: { kind: 'callback-ready', accessCode: '1234' } },
    });
    expect(eventsOf(h, a, PUSH_EVENTS.delivered)[0]?.data).toMatchObject({ requestSeq: seq, channel: 'fcm', dialResult: 'PUSH_DELIVERY_CONFIRMED' });
    await h.app.stop();
  });

  it('an unregistered device token is a PUSH_SEND_ERROR, not retried', async () => {
    const h = await notifyHarness(config());
    const id = await createCallback(h, '+4930901833');
    await promisePush(h, id, { channel: 'fcm', token: 'unknown-device' });
    await tick(h);
    expect(eventsOf(h, id, PUSH_EVENTS.failed)[0]?.data).toMatchObject({ dialResult: 'PUSH_SEND_ERROR', tries: 1 });
    expect(fcm.refused).toContain('UNREGISTERED');
    await h.app.stop();
  });

  it('a wrong service-account key is refused by the token endpoint: nothing is delivered', async () => {
    const h = await notifyHarness({ ...config(), fcm: { ...config().fcm, privateKey: keyPair('rsa').privatePem } });
    fcm.validDevices.add('fcm-device-2');
    const id = await createCallback(h, '+4930901834');
    await promisePush(h, id, { channel: 'fcm', token: 'fcm-device-2' });
    await tick(h);
    expect(fcm.refused.some((r) => r.startsWith('invalid_grant: bad signature'))).toBe(true);
    expect(fcm.delivered.some((d) => d.token === 'fcm-device-2')).toBe(false);
    expect(eventsOf(h, id, PUSH_EVENTS.delivered)).toHaveLength(0);
    await h.app.stop();
  });
});

describe('APNs (fake HTTP/2 server over TLS with a self-signed certificate made in the test)', () => {
  it('sends with an ES256 provider token over HTTP/2 (kid, iss, iat, topic and a UUID apns-id checked)', async () => {
    apns.validDevices.add('a1b2c3d4');
    const h = await notifyHarness(config());
    const id = await createCallback(h, '+4930901841');
    const seq = await promisePush(h, id, { channel: 'apns', token: 'a1b2c3d4' }, { accessCode: '9876' });
    await tick(h);
    expect(apns.refused).toEqual([]);
    expect(apns.delivered).toHaveLength(1);
    expect(apns.delivered[0]!.body).toMatchObject({ aps: { alert: { title: 'Your callback is ready' } }, accessCode: '9876', callbackId: id });
    expect(apns.delivered[0]!.headers).toMatchObject({ 'apns-topic': 'com.example.energy', 'apns-push-type': 'alert', 'apns-priority': '10' });
    expect(eventsOf(h, id, PUSH_EVENTS.delivered)[0]?.data).toMatchObject({ requestSeq: seq, channel: 'apns' });
    await h.app.stop();
  });

  it('a token signed with another key is refused (InvalidProviderToken); an unregistered device is a PUSH_SEND_ERROR', async () => {
    apns.validDevices.add('0f0f0f');
    const h = await notifyHarness({ ...config(), apns: { ...config().apns, privateKey: keyPair('ec').privatePem } });
    const a = await createCallback(h, '+4930901842');
    await promisePush(h, a, { channel: 'apns', token: '0f0f0f' });
    await tick(h);
    expect(apns.refused).toContain('InvalidProviderToken');
    expect(eventsOf(h, a, PUSH_EVENTS.failed)[0]?.data).toMatchObject({ dialResult: 'PUSH_SEND_ERROR' });
    await h.app.stop();

    const ok = await notifyHarness(config());
    const b = await createCallback(ok, '+4930901843');
    await promisePush(ok, b, { channel: 'apns', token: 'deadbeef' });
    await tick(ok);
    expect(apns.refused).toContain('Unregistered');
    expect(eventsOf(ok, b, PUSH_EVENTS.failed)[0]?.data).toMatchObject({ dialResult: 'PUSH_SEND_ERROR', tries: 1 });
    await ok.app.stop();
  });
});
