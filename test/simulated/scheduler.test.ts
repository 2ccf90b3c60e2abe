import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';
import { seededRandom, weightedPick } from '../../src/sim/random.js';
import { VirtualScheduler } from '../../src/sim/scheduler.js';

describe('virtual scheduler', () => {
  it('fires timers in time order, FIFO on ties, only when advanced', async () => {
    const s = new VirtualScheduler(1_000);
    const log: string[] = [];
    s.setTimer(50, () => log.push(`b@${s.now()}`));
    s.setTimer(10, () => log.push(`a@${s.now()}`));
    s.setTimer(50, () => log.push(`c@${s.now()}`));
    const cancelled = s.setTimer(20, () => log.push('x'));
    cancelled.cancel();
    expect(log).toEqual([]);
    await s.advance(49);
    expect(log).toEqual(['a@1010']);
    await s.advance(1);
    expect(log).toEqual(['a@1010', 'b@1050', 'c@1050']);
    expect(s.now()).toBe(1_050);
  });

  it('lets promise chains driven by timers settle between timers', async () => {
    const s = new VirtualScheduler(0);
    const sleep = (ms: number) => new Promise<void>((r) => s.setTimer(ms, r));
    const seen: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(100);
        seen.push(s.now());
      }
    })();
    await s.advance(1_000);
    expect(seen).toEqual([100, 200, 300]);
  });

  it('event queue pops in order for random input', () => {
    const q = new EventQueue();
    const r = seededRandom(1);
    for (let i = 0; i < 500; i++) q.push(Math.floor(r() * 100), () => {});
    let last = -1;
    while (q.size) {
      const e = q.pop()!;
      expect(e.at).toBeGreaterThanOrEqual(last);
      last = e.at;
    }
  });

  it('seeded random is repeatable and weightedPick follows weights', () => {
    expect(seededRandom(5)()).toBe(seededRandom(5)());
    const r = seededRandom(9);
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (weightedPick(r, { A: 3, B: 1 }) === 'A') a++;
    expect(a / 10_000).toBeGreaterThan(0.72);
    expect(a / 10_000).toBeLessThan(0.78);
  });
});
