/** Contract: outbox and deliveries, CAPTCHAs, settings, call-ins and push targets, phone bindings. */
import { expect, it } from 'vitest';
import type { Store } from '../../src/app/ports/store.js';
import { callback, callIn, delivery, T0 } from './builders.js';

export function moreCases(fresh: (name: string) => Promise<Store>): void {
  it('outbox: cursor (0 on a new database = after the history), eventsAfter, add first-wins, due per (target, callback), purgeDone', async () => {
    const s = await fresh('outbox');
    expect(await s.read((tx) => tx.outbox.cursor('notifier'))).toBe(0);
    await s.write(async (tx) => {
      for (let i = 0; i < 3; i++) await tx.events.append({ type: 'CALLBACK_STATE', at: T0 + i, callbackId: 'cb1' });
    });
    const events = await s.read((tx) => tx.outbox.eventsAfter(0, 10));
    expect(events.map((e) => e.at)).toEqual([T0, T0 + 1, T0 + 2]);
    expect((await s.read((tx) => tx.outbox.eventsAfter(events[0]!.seq, 1))).map((e) => e.at)).toEqual([T0 + 1]);
    await s.write((tx) => tx.outbox.setCursor('notifier', events[1]!.seq));
    await s.write((tx) => tx.outbox.setCursor('notifier', events[2]!.seq));
    expect(await s.read((tx) => tx.outbox.cursor('notifier'))).toBe(events[2]!.seq);

    const d1 = delivery('d1', { eventSeq: 1, nextAt: T0 + 5 });
    expect(await s.write((tx) => tx.outbox.add(d1))).toBe(true);
    expect(await s.write((tx) => tx.outbox.add({ ...d1, payload: 'second' }))).toBe(false);
    expect(await s.read((tx) => tx.outbox.get('d1'))).toEqual(d1);
    await s.write(async (tx) => {
      await tx.outbox.add(delivery('d2', { eventSeq: 2, nextAt: T0 })); // behind d1 (same target and callback)
      await tx.outbox.add(delivery('d3', { eventSeq: 3, target: 'hook-b', nextAt: T0 + 1 })); // other target
      await tx.outbox.add(delivery('d4', { eventSeq: 4, callbackId: undefined, serviceId: undefined, lastError: undefined, nextAt: T0 + 2 }));
      await tx.outbox.add(delivery('d5', { eventSeq: 5, nextAt: T0 + 100, callbackId: 'cb2' })); // not due yet
    });
    expect((await s.read((tx) => tx.outbox.due(T0 + 10, 10))).map((d) => d.id)).toEqual(['d3', 'd4', 'd1']);
    expect((await s.read((tx) => tx.outbox.due(T0 + 10, 1))).map((d) => d.id)).toEqual(['d3']);
    await s.write((tx) => tx.outbox.update({ ...d1, state: 'DELIVERED', tries: 1, updatedAt: T0 + 6, lastError: undefined }));
    expect(await s.read((tx) => tx.outbox.get('d1'))).toEqual({ ...d1, state: 'DELIVERED', tries: 1, updatedAt: T0 + 6, lastError: undefined });
    expect((await s.read((tx) => tx.outbox.due(T0 + 10, 10))).map((d) => d.id)).toEqual(['d2', 'd3', 'd4']);
    expect((await s.read((tx) => tx.outbox.forCallback('cb1'))).map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
    await s.write((tx) => tx.outbox.update({ ...delivery('d3', { eventSeq: 3, target: 'hook-b' }), state: 'FAILED', updatedAt: T0 + 7 }));
    expect(await s.write((tx) => tx.outbox.purgeDone(T0 + 7))).toBe(1); // d1 (d3 changed at T0+7, not before)
    expect(await s.write((tx) => tx.outbox.purgeDone(T0 + 8))).toBe(1);
    expect(await s.read((tx) => tx.outbox.get('d1'))).toBeUndefined();
  });

  it('captchas: spend once, purgeBefore counts', async () => {
    const s = await fresh('captcha');
    expect(await s.write((tx) => tx.captchas.spend('sig-1', T0))).toBe(true);
    expect(await s.write((tx) => tx.captchas.spend('sig-1', T0))).toBe(false);
    await s.write((tx) => tx.captchas.spend('sig-2', T0 + 10));
    expect(await s.write((tx) => tx.captchas.purgeBefore(T0 + 5))).toBe(1);
    expect(await s.write((tx) => tx.captchas.spend('sig-1', T0))).toBe(true);
  });

  it('settings: get, putIfAbsent keeps the first writer', async () => {
    const s = await fresh('settings');
    expect(await s.read((tx) => tx.settings.get('secret'))).toBeUndefined();
    expect(await s.write((tx) => tx.settings.putIfAbsent('secret', 'first'))).toBe('first');
    expect(await s.write((tx) => tx.settings.putIfAbsent('secret', 'second'))).toBe('first');
    const racing = await Promise.all([1, 2, 3].map((i) => s.write((tx) => tx.settings.putIfAbsent('race', `v${i}`))));
    expect(new Set(racing).size).toBe(1);
    expect(await s.read((tx) => tx.settings.get('race'))).toBe(racing[0]);
  });

  it('callIns: insert/get, live by code/phone, codeHeld, end once, expiring, liveForCallback, lastByCode', async () => {
    const s = await fresh('callins');
    await s.write(async (tx) => {
      await tx.callbacks.insert(callback('ci-cb'));
      await tx.callIns.insert(callIn('c1', { callbackId: 'ci-cb', createdAt: T0 }));
      await tx.callIns.insert(callIn('c2', { accessCode: '5555', createdAt: T0 + 1, expiresAt: T0 + 50 }));
      await tx.callIns.insert(callIn('c3', { accessCode: '7777', phone: undefined, firstName: undefined, language: undefined, context: undefined, subjectId: undefined }));
    });
    expect(await s.read((tx) => tx.callIns.get('c1'))).toEqual(callIn('c1', { callbackId: 'ci-cb', createdAt: T0 }));
    expect(await s.read((tx) => tx.callIns.get('c3'))).toEqual(callIn('c3', { accessCode: '7777', phone: undefined, firstName: undefined, language: undefined, context: undefined, subjectId: undefined }));
    await expect(s.write((tx) => tx.callIns.insert(callIn('c4')))).rejects.toThrow(); // code 1234 is LIVE already
    await s.read(async (tx) => {
      expect((await tx.callIns.liveByCode('1234', T0 + 10))?.id).toBe('c1');
      expect(await tx.callIns.liveByCode('5555', T0 + 50)).toBeUndefined();
      expect((await tx.callIns.codeHeld('5555'))?.id).toBe('c2');
      expect((await tx.callIns.liveByPhone('+4930999', T0 + 10)).map((c) => c.id)).toEqual(['c2', 'c1']);
      expect((await tx.callIns.expiring(T0 + 60, 10)).map((c) => c.id)).toEqual(['c2']);
      expect((await tx.callIns.liveForCallback('ci-cb')).map((c) => c.id)).toEqual(['c1']);
    });
    expect(await s.write((tx) => tx.callIns.end('c1', 'USED', T0 + 20, 'call-9'))).toBe(true);
    expect(await s.write((tx) => tx.callIns.end('c1', 'EXPIRED', T0 + 21))).toBe(false);
    expect(await s.read((tx) => tx.callIns.get('c1'))).toMatchObject({ state: 'USED', usedAt: T0 + 20, usedBy: 'call-9' });
    expect(await s.read((tx) => tx.callIns.codeHeld('1234'))).toBeUndefined();
    await s.write((tx) => tx.callIns.insert(callIn('c5', { createdAt: T0 + 30 }))); // the code is free again
    expect((await s.read((tx) => tx.callIns.lastByCode('1234')))?.id).toBe('c5');
    expect(await s.read((tx) => tx.callIns.lastByCode('0000'))).toBeUndefined();
  });

  it('callIns: push targets, snoozes, openDelayed', async () => {
    const s = await fresh('push');
    const target = { channel: 'fcm' as const, token: 'tok' };
    await s.write(async (tx) => {
      await tx.callbacks.insert(callback('p1', { state: 'QUEUED' }));
      await tx.callbacks.insert(callback('p2', { state: 'COMPLETED' }));
      await tx.callIns.putPush('p1', target, T0);
      await tx.callIns.putPush('p2', target, T0);
    });
    expect(await s.read((tx) => tx.callIns.push('p1'))).toEqual({ target, snoozes: 0 });
    await s.write((tx) => tx.callIns.setSnoozes('p1', 2));
    expect(await s.read((tx) => tx.callIns.push('p1'))).toEqual({ target, snoozes: 2 });
    expect(await s.read((tx) => tx.callIns.push('nope'))).toBeUndefined();
    expect(await s.read((tx) => tx.callIns.openDelayed(['QUEUED', 'SCHEDULED']))).toEqual(['p1']);
    expect(await s.read((tx) => tx.callIns.openDelayed([]))).toEqual([]);
  });

  it('phoneBindings: put (upsert), forAgent, all, remove, removeAll, purgeExpired counts', async () => {
    const s = await fresh('bindings');
    const b = { agentId: 'bob', contact: 'sip:bob@10.0.0.2', expiresAt: T0 + 60, callId: 'r1', cseq: 1, source: '10.0.0.2:5060', userAgent: 'Phone', updatedAt: T0 };
    await s.write(async (tx) => {
      await tx.phoneBindings.put(b);
      await tx.phoneBindings.put({ ...b, contact: 'sip:bob@10.0.0.3', expiresAt: T0 + 10, userAgent: undefined });
      await tx.phoneBindings.put({ ...b, agentId: 'Ann', contact: 'sip:ann@10.0.0.4' });
    });
    await s.write((tx) => tx.phoneBindings.put({ ...b, cseq: 2, expiresAt: T0 + 120 }));
    expect((await s.read((tx) => tx.phoneBindings.forAgent('bob'))).find((x) => x.contact === b.contact)).toEqual({ ...b, cseq: 2, expiresAt: T0 + 120 });
    expect((await s.read((tx) => tx.phoneBindings.all())).map((x) => x.agentId)).toEqual(['Ann', 'bob', 'bob']);
    expect(await s.write((tx) => tx.phoneBindings.purgeExpired(T0 + 10))).toBe(1);
    await s.write((tx) => tx.phoneBindings.remove('bob', b.contact));
    expect(await s.read((tx) => tx.phoneBindings.forAgent('bob'))).toEqual([]);
    await s.write((tx) => tx.phoneBindings.removeAll('Ann'));
    expect(await s.read((tx) => tx.phoneBindings.all())).toEqual([]);
  });
}
