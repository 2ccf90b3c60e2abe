import type { AgentDef, Instant, ServiceDef, SkillExpansionStep, SkillRequirement } from './model.js';
import { compareQueueOrder, type QueueEntry, waitedSeconds } from './queue-order.js';

/**
 * Skills routing (issue 3 §3). A service's expression (all-of / any-of with minimum levels) plus a
 * subject's extra skills decide who may take an entry; expansion steps relax it once the entry has
 * waited long enough: `minLevel` lowers every required level to at most k, `anyAgent` admits
 * everyone, `group` admits the members of that group. Steps accumulate (a later step keeps the
 * relaxations of the earlier ones). Eligibility only grows with waiting time, which is what lets
 * the QueueIndex look at lane heads only.
 */

function hasLevel(agent: AgentDef, req: SkillRequirement, levelCap: number): boolean {
  const level = agent.skills[req.skill];
  return level !== undefined && level >= Math.min(req.minLevel, levelCap);
}

function meetsSkills(agent: AgentDef, allOf: readonly SkillRequirement[], anyOf: readonly SkillRequirement[], levelCap: number): boolean {
  for (const r of allOf) if (!hasLevel(agent, r, levelCap)) return false;
  if (anyOf.length === 0) return true;
  for (const r of anyOf) if (hasLevel(agent, r, levelCap)) return true;
  return false;
}

function sortedSteps(steps: readonly SkillExpansionStep[]): readonly SkillExpansionStep[] {
  for (let i = 1; i < steps.length; i++) if (steps[i - 1]!.afterSeconds > steps[i]!.afterSeconds) return [...steps].sort((a, b) => a.afterSeconds - b.afterSeconds);
  return steps;
}

/**
 * The waiting time (seconds) from which `agent` may take an entry of `service` with these extra
 * skills: 0 when the agent matches outright, a step's `afterSeconds`, or Infinity when never.
 */
export function eligibleAfterSeconds(agent: AgentDef, service: ServiceDef, extraSkills: readonly SkillRequirement[] = []): number {
  const { allOf: baseAll, anyOf, expansion } = service.skills;
  const allOf = extraSkills.length === 0 ? baseAll : [...baseAll, ...extraSkills];
  if (meetsSkills(agent, allOf, anyOf, Infinity)) return 0;
  let levelCap = Infinity;
  for (const step of sortedSteps(expansion)) {
    if (step.anyAgent) return step.afterSeconds;
    if (step.group !== undefined && agent.groups.includes(step.group)) return step.afterSeconds;
    if (step.minLevel !== undefined && step.minLevel < levelCap) {
      levelCap = step.minLevel;
      if (meetsSkills(agent, allOf, anyOf, levelCap)) return step.afterSeconds;
    }
  }
  return Infinity;
}

export function eligible(agent: AgentDef, service: ServiceDef, waitedSecs: number, extraSkills?: readonly SkillRequirement[]): boolean {
  return waitedSecs >= eligibleAfterSeconds(agent, service, extraSkills);
}

export function entryEligible(agent: AgentDef, service: ServiceDef, entry: QueueEntry, now: Instant): boolean {
  return eligible(agent, service, waitedSeconds(entry, now), entry.extraSkills);
}

/**
 * Brute force: the first eligible entry in queue order (priority, then longest waiting) among
 * `entries` of any service. Reference for the QueueIndex and fine for small queues.
 */
export function pickEntryForAgent(agent: AgentDef, entries: Iterable<QueueEntry>, services: ReadonlyMap<string, ServiceDef>, now: Instant): QueueEntry | undefined {
  let best: QueueEntry | undefined;
  for (const e of entries) {
    if (best !== undefined && compareQueueOrder(e, best) >= 0) continue;
    const service = services.get(e.serviceId);
    if (service && entryEligible(agent, service, e, now)) best = e;
  }
  return best;
}

export interface ReadyAgent {
  agent: AgentDef;
  idleSince: Instant;
}

/** Longest idle eligible agent (ties by agent id), or undefined. */
export function pickAgentForEntry<T extends ReadyAgent>(entry: QueueEntry, service: ServiceDef, readyAgents: Iterable<T>, now: Instant): T | undefined {
  const waited = waitedSeconds(entry, now);
  let best: T | undefined;
  for (const r of readyAgents) {
    if (best !== undefined && (r.idleSince > best.idleSince || (r.idleSince === best.idleSince && r.agent.id >= best.agent.id))) continue;
    if (eligible(r.agent, service, waited, entry.extraSkills)) best = r;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// QueueIndex: per service, entries split into lanes of equal (priority, extra skills). Inside a
// lane, eligibility for a given agent depends only on waiting time, and the head waits longest,
// so the best eligible entry of a lane is its head or nothing. Picking for an agent therefore
// costs O(services × lanes), independent of queue length.
// ---------------------------------------------------------------------------------------------

interface Lane {
  key: string;
  extraSkills: readonly SkillRequirement[];
  entries: QueueEntry[]; // queue order; one priority, so effectively (queuedSince, id)
  /** The live calls among `entries`, in the same order: the head of a kind without a scan of the lane. */
  calls: QueueEntry[];
}

interface ServiceQueue {
  def: ServiceDef;
  lanes: Map<string, Lane>;
  size: number;
}

const extraKey = (extra: readonly SkillRequirement[] | undefined): string =>
  extra === undefined || extra.length === 0 ? '' : extra.map((r) => `${r.skill}:${r.minLevel}`).sort().join(',');

function laneSearch(entries: readonly QueueEntry[], key: QueueEntry): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareQueueOrder(entries[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(entries: QueueEntry[], entry: QueueEntry): void {
  const at = laneSearch(entries, entry);
  if (at === entries.length) entries.push(entry);
  else entries.splice(at, 0, entry);
}

/** The first callback of a lane: its head unless live calls are ahead of it (few: they are scanned). */
function firstCallback(lane: Lane): QueueEntry | undefined {
  if (lane.calls.length === 0) return lane.entries[0];
  return lane.entries.find((e) => e.kind !== 'call');
}

export class QueueIndex {
  private readonly services = new Map<string, ServiceQueue>();
  private readonly byId = new Map<string, QueueEntry>();
  /** Per agent object and lane (a lane belongs to one service): eligibleAfterSeconds. A new AgentDef object resets it. */
  private readonly thresholds = new WeakMap<AgentDef, WeakMap<Lane, number>>();

  constructor(services: Iterable<ServiceDef>) {
    for (const def of services) this.services.set(def.id, { def, lanes: new Map(), size: 0 });
  }

  get size(): number {
    return this.byId.size;
  }

  serviceSize(serviceId: string): number {
    return this.services.get(serviceId)?.size ?? 0;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): QueueEntry | undefined {
    return this.byId.get(id);
  }

  /** Returns false (and changes nothing) for an unknown service or an id already queued. */
  add(entry: QueueEntry): boolean {
    const sq = this.services.get(entry.serviceId);
    if (!sq || this.byId.has(entry.id)) return false;
    const key = `${entry.priority}|${extraKey(entry.extraSkills)}`;
    let lane = sq.lanes.get(key);
    if (!lane) {
      lane = { key, extraSkills: entry.extraSkills ?? [], entries: [], calls: [] };
      sq.lanes.set(key, lane);
    }
    insertSorted(lane.entries, entry);
    if (entry.kind === 'call') insertSorted(lane.calls, entry);
    sq.size++;
    this.byId.set(entry.id, entry);
    return true;
  }

  remove(id: string): QueueEntry | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    const sq = this.services.get(entry.serviceId)!;
    const key = `${entry.priority}|${extraKey(entry.extraSkills)}`;
    const lane = sq.lanes.get(key)!;
    lane.entries.splice(laneSearch(lane.entries, entry), 1);
    if (entry.kind === 'call') lane.calls.splice(laneSearch(lane.calls, entry), 1);
    if (lane.entries.length === 0) sq.lanes.delete(key);
    sq.size--;
    this.byId.delete(id);
    return entry;
  }

  /** Entries of a service in queue order (a copy; for status pages and tests). */
  entries(serviceId: string): QueueEntry[] {
    const sq = this.services.get(serviceId);
    if (!sq) return [];
    return [...sq.lanes.values()].flatMap((l) => l.entries).sort(compareQueueOrder);
  }

  /** The first entry of a service (of one kind, if given) in queue order, or undefined when there is none. */
  head(serviceId: string, kind?: QueueEntry['kind']): QueueEntry | undefined {
    let best: QueueEntry | undefined;
    for (const lane of this.services.get(serviceId)?.lanes.values() ?? []) {
      const h = kind === undefined ? lane.entries[0] : kind === 'call' ? lane.calls[0] : firstCallback(lane);
      if (h !== undefined && (best === undefined || compareQueueOrder(h, best) < 0)) best = h;
    }
    return best;
  }

  /** Number of entries ahead of `id` in its service (0 = head), or undefined when not queued. */
  position(id: string): number | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    let ahead = 0;
    for (const lane of this.services.get(entry.serviceId)!.lanes.values()) ahead += laneSearch(lane.entries, entry);
    return ahead;
  }

  /** The best entry of a service this agent may take now, or undefined. */
  peekEligibleHead(serviceId: string, agent: AgentDef, now: Instant): QueueEntry | undefined {
    const sq = this.services.get(serviceId);
    return sq ? this.bestInService(sq, agent, now, undefined) : undefined;
  }

  /** Longest-waiting eligible entry (in queue order) across the given services (default: all). */
  pickForAgent(agent: AgentDef, now: Instant, serviceIds?: Iterable<string>): QueueEntry | undefined {
    let best: QueueEntry | undefined;
    if (serviceIds === undefined) {
      for (const sq of this.services.values()) best = this.bestInService(sq, agent, now, best);
    } else {
      for (const id of serviceIds) {
        const sq = this.services.get(id);
        if (sq) best = this.bestInService(sq, agent, now, best);
      }
    }
    return best;
  }

  private bestInService(sq: ServiceQueue, agent: AgentDef, now: Instant, best: QueueEntry | undefined): QueueEntry | undefined {
    for (const lane of sq.lanes.values()) {
      const head = lane.entries[0]!;
      if (best !== undefined && compareQueueOrder(head, best) >= 0) continue;
      if (waitedSeconds(head, now) >= this.threshold(agent, sq.def, lane)) best = head;
    }
    return best;
  }

  private threshold(agent: AgentDef, def: ServiceDef, lane: Lane): number {
    let cache = this.thresholds.get(agent);
    if (!cache) this.thresholds.set(agent, (cache = new WeakMap()));
    let t = cache.get(lane);
    if (t === undefined) cache.set(lane, (t = eligibleAfterSeconds(agent, def, lane.extraSkills)));
    return t;
  }
}
