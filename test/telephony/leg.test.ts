import { describe, expect, it } from 'vitest';
import { DrachtioCallControl } from '../../src/adapters/telephony/drachtio/drachtio-call-control.js';
import { FsmrfLeg } from '../../src/adapters/telephony/drachtio/fsmrf-leg.js';
import { DrachtioInboundCall } from '../../src/adapters/telephony/drachtio/inbound-call.js';
import type { TelephonyConnections } from '../../src/adapters/telephony/drachtio/connections.js';
import { FakeDialog, FakeEndpoint, FakeInviteRequest, FakeMediaServer, FakeResponse, FakeSrf } from './fakes.js';

const promptPath = (l: string, k: string) => `/p/${l}/${k}.wav`;
const t = { perPromptMs: 30, marginMs: 20, cleanupMs: 30 };
const log = { info: () => undefined, warn: () => undefined };

describe('FsmrfLeg', () => {
  it('a media call that never answers times out instead of hanging', async () => {
    const ep = new FakeEndpoint();
    ep.playImpl = () => new Promise(() => undefined);
    const leg = new FsmrfLeg('l1', ep, new FakeDialog(), promptPath, t);
    expect(await leg.play(['welcome'], 'en')).toEqual({ kind: 'timeout' });
  });
  it('caller BYE during a prompt resolves it as hangup and destroys the endpoint once', async () => {
    const ep = new FakeEndpoint();
    ep.playImpl = () => new Promise(() => undefined);
    const dlg = new FakeDialog();
    const leg = new FsmrfLeg('l1', ep, dlg, (l, k) => `/p/${l}/${k}.wav`, { ...t, perPromptMs: 5000 });
    const causes: string[] = [];
    leg.onHangup((c) => causes.push(c));
    setTimeout(() => dlg.emit('destroy'), 5);
    expect(await leg.play(['welcome'], 'en')).toEqual({ kind: 'hangup' });
    await leg.hangup();
    expect(causes).toEqual(['remote']);
    expect(ep.destroyed).toBe(1);
  });
  it('FreeSWITCH ending the channel (media timeout) sends BYE on the dialog', async () => {
    const ep = new FakeEndpoint();
    const dlg = new FakeDialog();
    const leg = new FsmrfLeg('l1', ep, dlg, promptPath, t);
    ep.emit('destroy', { reason: 'MEDIA_TIMEOUT' });
    await leg.whenEnded;
    await new Promise((r) => setTimeout(r, 5));
    expect(dlg.destroyed).toBe(1);
    expect(leg.ended).toBe(true);
  });
  it('playCollect chains several prompts and allows * and #', async () => {
    const ep = new FakeEndpoint();
    ep.collectAnswers = [async () => ({ digits: '*' })];
    const leg = new FsmrfLeg('l1', ep, new FakeDialog(), promptPath, t);
    const r = await leg.playCollect({ prompts: ['a', 'b'], language: 'de', minDigits: 1, maxDigits: 1, timeoutMs: 10 });
    expect(r).toEqual({ kind: 'digits', digits: '*' });
    expect(ep.collected[0]).toMatchObject({ file: 'file_string:///p/de/a.wav!/p/de/b.wav', regexp: '[0-9*#]+' });
  });
});

describe('inbound call', () => {
  it('CANCEL before answer ends the call; no media is touched', async () => {
    const ms = new FakeMediaServer();
    const req = new FakeInviteRequest();
    const call = new DrachtioInboundCall(req, new FakeResponse(), () => ms, promptPath, t);
    const causes: string[] = [];
    call.onHangup((c) => causes.push(c));
    req.emit('cancel');
    await call.answer();
    expect(call.ended).toBe(true);
    expect(causes).toEqual(['remote']);
    expect(ms.endpoints).toHaveLength(0);
  });
  it('CANCEL racing the answer: the fresh leg is torn down', async () => {
    const ms = new FakeMediaServer();
    const req = new FakeInviteRequest();
    const dialog = new FakeDialog();
    const endpoint = new FakeEndpoint();
    ms.connectCallerImpl = async () => { req.emit('cancel'); return { endpoint, dialog }; };
    const call = new DrachtioInboundCall(req, new FakeResponse(), () => ms, promptPath, t);
    await call.answer();
    expect(call.ended).toBe(true);
    expect(dialog.destroyed).toBe(1);
    expect(endpoint.destroyed).toBe(1);
  });
  it('a connectCaller that completes after the answer timeout is torn down (no stuck channel)', async () => {
    const ms = new FakeMediaServer();
    const endpoint = new FakeEndpoint();
    const dialog = new FakeDialog();
    ms.connectCallerImpl = () => new Promise((resolve) => setTimeout(() => resolve({ endpoint, dialog }), 60));
    const res = new FakeResponse();
    const call = new DrachtioInboundCall(new FakeInviteRequest(), res, () => ms, promptPath, t, 20);
    await call.answer();
    expect(res.sent).toEqual([503]);
    expect(call.ended).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(dialog.destroyed).toBe(1);
    expect(endpoint.destroyed).toBe(1);
  });
  it('no media server: 503 to the caller', async () => {
    const res = new FakeResponse();
    const call = new DrachtioInboundCall(new FakeInviteRequest(), res, () => undefined, promptPath, t);
    await call.answer();
    expect(res.sent).toEqual([503]);
    expect(call.ended).toBe(true);
  });
  it('connectCaller that never returns: 503 after the answer timeout', async () => {
    const ms = new FakeMediaServer();
    ms.connectCallerImpl = () => new Promise(() => undefined);
    const res = new FakeResponse();
    const call = new DrachtioInboundCall(new FakeInviteRequest(), res, () => ms, promptPath, t, 20);
    await call.answer();
    expect(res.sent).toEqual([503]);
  });
});

describe('bridge and callExists', () => {
  const control = (ms: FakeMediaServer) => {
    const conn = { srf: new FakeSrf(), ms, signalling: 'up', media: 'up' } as unknown as TelephonyConnections;
    return new DrachtioCallControl(conn, { mediaPromptsDir: '/p', trunk: { host: 'trunk' }, legTimeouts: t }, log);
  };
  it('bridges the endpoints and hangs up the other leg when one side ends', async () => {
    const a = new FsmrfLeg('a', new FakeEndpoint(), new FakeDialog(), promptPath, t);
    const bDlg = new FakeDialog();
    const b = new FsmrfLeg('b', new FakeEndpoint(), bDlg, promptPath, t);
    const cc = control(new FakeMediaServer());
    expect(await cc.bridge(a, b)).toEqual({ kind: 'done' });
    expect((a.endpoint as FakeEndpoint).bridgedTo).toBe(b.endpoint);
    (a.dialog as FakeDialog).emit('destroy');
    await new Promise((r) => setTimeout(r, 10));
    expect(b.ended).toBe(true);
    expect(bDlg.destroyed).toBe(1);
  });
  it('callExists asks FreeSWITCH (mod_db mapping, then uuid_exists)', async () => {
    const ms = new FakeMediaServer();
    ms.apiAnswers.set('db', 'fs-9');
    ms.apiAnswers.set('uuid_exists', 'true');
    expect(await control(ms).callExists('c9')).toBe('yes');
    expect(ms.apis).toEqual(['db select/holdless/c9', 'uuid_exists fs-9']);
    ms.apiAnswers.set('uuid_exists', 'false');
    expect(await control(ms).callExists('c9')).toBe('no');
    ms.apiAnswers.set('db', '-ERR no reply');
    expect(await control(ms).callExists('c9')).toBe('no');
  });
});
