import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AgentDef, ServiceDef, SkillExpression } from '../../src/domain/model.js';
import type { QueueEntry } from '../../src/domain/queue-order.js';
import { QueueIndex, eligible, eligibleAfterSeconds, pickAgentForEntry, pickEntryForAgent } from '../../src/domain/routing.js';

const service = (id: string, skills: Partial<SkillExpression>): ServiceDef =>
  ({ id, skills: { allOf: [], anyOf: [], expansion: [], ...skills } }) as unknown as ServiceDef;
const agent = (id: string, skills: Record<string, number>, groups: string[] = []): AgentDef => ({ id, name: id, sip: `sip:${id}@x`, skills, groups });
const entry = (id: string, serviceId: string, queuedSince: number, priority = 0, extra?: QueueEntry['extraSkills']): QueueEntry => ({ id, serviceId, kind: 'callback', priority, queuedSince, extraSkills: extra });

const billing = service('billing', {
  allOf: [{ skill: 'billing', minLevel: 3 }],
  anyOf: [{ skill: 'en', minLevel: 1 }, { skill: 'fr', minLevel: 1 }],
  expansion: [{ afterSeconds: 60, minLevel: 1 }, { afterSeconds: 180, group: 'overflow' }, { afterSeconds: 600, anyAgent: true }],
});

describe('eligibility', () => {
  const cases: [string, AgentDef, number, boolean][] = [
    ['expert with a language', agent('a', { billing: 4, en: 2 }), 0, true],
    ['expert without a language', agent('a', { billing: 4 }), 0, false],
    ['junior before 60 s', agent('a', { billing: 1, fr: 1 }), 59, false],
    ['junior after 60 s', agent('a', { billing: 1, fr: 1 }), 60, true],
    ['no skill at 60 s', agent('a', { en: 1 }), 60, false],
    ['overflow group after 180 s', agent('a', {}, ['overflow']), 180, true],
    ['other group after 180 s', agent('a', {}, ['sales']), 180, false],
    ['anyone after 600 s', agent('a', {}), 600, true],
  ];
  it.each(cases)('%s', (_n, a, waited, expected) => expect(eligible(a, billing, waited)).toBe(expected));

  it('extra skills of the subject are required too, and relaxed by expansion', () => {
    const a = agent('a', { billing: 5, en: 1, vip: 1 });
    expect(eligible(a, billing, 0, [{ skill: 'vip', minLevel: 2 }])).toBe(false);
    expect(eligibleAfterSeconds(a, billing, [{ skill: 'vip', minLevel: 2 }])).toBe(60);
  });

  it('expansion steps need not be sorted in config', () => {
    const s = service('s', { allOf: [{ skill: 'x', minLevel: 5 }], expansion: [{ afterSeconds: 300, anyAgent: true }, { afterSeconds: 30, minLevel: 2 }] });
    expect(eligibleAfterSeconds(agent('a', { x: 2 }), s)).toBe(30);
    expect(eligibleAfterSeconds(agent('a', {}), s)).toBe(300);
    expect(eligibleAfterSeconds(agent('a', {}), service('t', { allOf: [{ skill: 'x', minLevel: 1 }] }))).toBe(Infinity);
  });
});

describe('picking', () => {
  const services = new Map([[billing.id, billing]]);
  it('the agent gets the longest-waiting eligible entry, respecting priority', () => {
    const junior = agent('j', { billing: 1, en: 1 });
    const entries = [entry('new', 'billing', 100_000), entry('old', 'billing', 0), entry('vip', 'billing', 90_000, 5)];
    // at 100 s: 'vip' waited 10 s (junior not yet eligible), 'old' waited 100 s (eligible)
    expect(pickEntryForAgent(junior, entries, services, 100_000)?.id).toBe('old');
    expect(pickEntryForAgent(agent('e', { billing: 5, en: 1 }), entries, services, 100_000)?.id).toBe('vip');
  });

  it('among agents, longest idle eligible first', () => {
    const ready = [
      { agent: agent('a', { billing: 5, en: 1 }), idleSince: 3_000 },
      { agent: agent('b', { billing: 5 }), idleSince: 1_000 }, // no language: not eligible
      { agent: agent('c', { billing: 5, fr: 1 }), idleSince: 2_000 },
    ];
    expect(pickAgentForEntry(entry('x', 'billing', 0), billing, ready, 10_000)?.agent.id).toBe('c');
    expect(pickAgentForEntry(entry('x', 'billing', 0), billing, [ready[1]!], 10_000)).toBeUndefined();
  });
});

describe('QueueIndex', () => {
  it('add, remove, position, duplicate and unknown service', () => {
    const ix = new QueueIndex([billing]);
    expect(ix.add(entry('a', 'billing', 2))).toBe(true);
    expect(ix.add(entry('b', 'billing', 1))).toBe(true);
    expect(ix.add(entry('c', 'billing', 3, 1, [{ skill: 'vip', minLevel: 1 }]))).toBe(true);
    expect(ix.add(entry('a', 'billing', 9))).toBe(false);
    expect(ix.add(entry('z', 'nope', 0))).toBe(false);
    expect(ix.entries('billing').map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect(ix.position('a')).toBe(2);
    expect(ix.remove('b')?.id).toBe('b');
    expect(ix.position('a')).toBe(1);
    expect(ix.serviceSize('billing')).toBe(2);
    expect(ix.remove('b')).toBeUndefined();
  });

  it('picks the same entry as a brute-force scan (property)', () => {
    const skills = ['s0', 's1', 's2'];
    const req = fc.record({ skill: fc.constantFrom(...skills), minLevel: fc.integer({ min: 0, max: 4 }) });
    const step = fc.record({ afterSeconds: fc.integer({ min: 0, max: 300 }), minLevel: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), anyAgent: fc.option(fc.boolean(), { nil: undefined }), group: fc.option(fc.constantFrom('g0', 'g1'), { nil: undefined }) });
    const expr = fc.record({ allOf: fc.array(req, { maxLength: 2 }), anyOf: fc.array(req, { maxLength: 2 }), expansion: fc.array(step, { maxLength: 3 }) });
    const agentArb = fc.record({ skills: fc.dictionary(fc.constantFrom(...skills), fc.integer({ min: 0, max: 5 })), groups: fc.subarray(['g0', 'g1']) });
    const entryArb = fc.record({ svc: fc.integer({ min: 0, max: 2 }), priority: fc.integer({ min: 0, max: 2 }), queuedSince: fc.integer({ min: 0, max: 400 }).map((s) => s * 1000), extra: fc.option(fc.array(req, { maxLength: 1 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(expr, { minLength: 3, maxLength: 3 }), agentArb, fc.array(entryArb, { maxLength: 40 }), fc.integer({ min: 0, max: 800 }), fc.array(fc.nat(), { maxLength: 10 }), (exprs, ag, ents, nowS, removals) => {
        const defs = exprs.map((x, i) => service(`svc${i}`, x));
        const ix = new QueueIndex(defs);
        const all: QueueEntry[] = ents.map((e, i) => entry(`e${i}`, `svc${e.svc}`, e.queuedSince, e.priority, e.extra));
        for (const e of all) ix.add(e);
        const removed = new Set(removals.map((r) => `e${r % Math.max(1, all.length)}`));
        for (const id of removed) ix.remove(id);
        const left = all.filter((e) => !removed.has(e.id));
        const a = agent('a', ag.skills, ag.groups);
        const now = nowS * 1000;
        const map = new Map(defs.map((d) => [d.id, d]));
        expect(ix.pickForAgent(a, now)?.id).toBe(pickEntryForAgent(a, left, map, now)?.id);
        expect(ix.peekEligibleHead('svc1', a, now)?.id).toBe(pickEntryForAgent(a, left.filter((e) => e.serviceId === 'svc1'), map, now)?.id);
      }),
      { numRuns: 300 },
    );
  });

  it('head of a kind is the first entry of that kind in queue order (property)', () => {
    const op = fc.record({ add: fc.boolean(), id: fc.integer({ min: 0, max: 29 }), call: fc.boolean(), priority: fc.integer({ min: 0, max: 2 }), queuedSince: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const ix = new QueueIndex([billing]);
        for (const o of ops) {
          if (o.add) ix.add({ ...entry(`e${o.id}`, 'billing', o.queuedSince, o.priority), kind: o.call ? 'call' : 'callback' });
          else ix.remove(`e${o.id}`);
        }
        const order = ix.entries('billing');
        expect(ix.head('billing')?.id).toBe(order[0]?.id);
        expect(ix.head('billing', 'call')?.id).toBe(order.find((e) => e.kind === 'call')?.id);
        expect(ix.head('billing', 'callback')?.id).toBe(order.find((e) => e.kind === 'callback')?.id);
      }),
      { numRuns: 300 },
    );
  });

  // Speed is measured by bench/dispatch (no timing assertion here: tests must not depend on the
  // machine); this checks that the index answers correctly at that size.
  it('answers with 100k entries over 50 services and 1,000 agents', () => {
    const defs = Array.from({ length: 50 }, (_, i) => service(`s${i}`, { allOf: [{ skill: `k${i % 10}`, minLevel: 2 }], expansion: [{ afterSeconds: 120, minLevel: 1 }] }));
    const ix = new QueueIndex(defs);
    for (let i = 0; i < 100_000; i++) ix.add(entry(`e${i}`, `s${i % 50}`, i * 10, i % 3));
    const agents = Array.from({ length: 1000 }, (_, i) => agent(`a${i}`, { [`k${i % 10}`]: 1 + (i % 3), [`k${(i + 3) % 10}`]: 2 }));
    let picked = 0;
    for (const a of agents) {
      const e = ix.pickForAgent(a, 1_000_000_000);
      if (e) picked++, ix.remove(e.id);
    }
    expect(picked).toBe(1000);
    expect(ix.size).toBe(99_000);
  });
});
