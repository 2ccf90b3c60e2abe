/**
 * Queue order across nodes, checked from the event log (issue 9: "the queue order held").
 *
 * Replay: events in seq order. PostgreSQL's adapter inserts a transaction's events under an
 * event-order lock right before COMMIT, so seq order is commit order: the replay sees the states
 * every transaction saw. A callback's state is the toState of its CALLBACK_CREATED and of each
 * CALLBACK_STATE; its order key (priority, queuedSince, id — domain/queue-order.ts) is fixed at
 * creation and read from the callbacks table.
 *
 * A DIAL of X is a CALLBACK_STATE QUEUED → DIALING of X (the claim). Y OVERTAKEN by that dial:
 * Y is of X's service, QUEUED at that point of the log, and ahead of X (higher priority, or the
 * same priority and an earlier queuedSince, or both equal and a smaller id). Entries in
 * SCHEDULED, RETRY_WAIT, DIALING, WAITING_AGENT … are not QUEUED and never count: they are not
 * eligible (a retry keeps its queuedSince but waits for its due time first).
 *
 * Exact order ("no dial ever overtakes a QUEUED entry") is not what a correct dispatcher can
 * promise: it picks the head of its in-memory index, and an entry committed a moment before a
 * claim may not be in the index yet (a follower's signal on its way, or the claim was decided
 * before the entry committed and committed after it). Each such claim holds a distinct agent
 * (reserved mode: the agent is RESERVED from the decision to the end of the call, which is seconds,
 * far longer than a signal takes), so the PROPERTY is:
 *
 *   during one QUEUED stint of Y (from entering QUEUED to leaving it), at most `slack` dials of
 *   entries behind Y happen, with slack = the number of agents (concurrent claims in flight).
 *
 * A dial decided before Y existed (its ATTEMPT_CLAIMED.at, the dispatcher's clock at the decision,
 * earlier than Y's CALLBACK_CREATED.at, the creating node's clock before its commit — one machine,
 * one clock) cannot have known Y and is not counted at all.
 *
 * A dispatcher that does not hear about other nodes' entries, a new dispatcher that does not
 * reload the queue, or several nodes dialling from their own views break it by far (an entry left
 * behind is overtaken by every later dial).
 *
 * EXCUSED: an entry whose creating node process was SIGKILLed and which is among the last
 * `inFlight` entries that process created. It may have committed while its signal to the
 * dispatcher was lost with the process; the dispatcher's sweep (every 5 s) repairs that, later.
 * Excused entries are reported (count, worst overtakes), not failed.
 */
import { compareQueueOrder } from '../../src/domain/queue-order.js';
import type { ClusterLog } from './log-checks.js';
import { TAG_LIFE, TAG_NODE } from './load.js';

export interface OrderReport {
  dials: number;
  /** Worst overtakes of one QUEUED stint, over entries not excused. */
  worst: number;
  violations: string[];
  excused: { entries: number; worst: number };
}

export interface OrderOptions {
  slack: number;
  /** node id + life number ("node-2#3") of each process that was SIGKILLed. */
  killedLives: Set<string>;
  inFlight: number;
}

export function checkQueueOrder(log: ClusterLog, opts: OrderOptions): OrderReport {
  const excused = excusedEntries(log, opts);
  const state = new Map<string, string>();
  const queued = new Map<string, Set<string>>(); // service → QUEUED callback ids
  const overtakes = new Map<string, number>(); // QUEUED id → dials behind it in this stint
  const report: OrderReport = { dials: 0, worst: 0, violations: [], excused: { entries: 0, worst: 0 } };
  const excusedSeen = new Set<string>();

  const setState = (id: string, to: string): void => {
    const cb = log.callbacks.get(id);
    if (!cb) return;
    const was = state.get(id);
    state.set(id, to);
    const set = queued.get(cb.serviceId) ?? new Set<string>();
    queued.set(cb.serviceId, set);
    if (was === 'QUEUED' && to !== 'QUEUED') { set.delete(id); overtakes.delete(id); }
    if (to === 'QUEUED' && was !== 'QUEUED') { set.add(id); overtakes.set(id, 0); }
  };

  const createdAt = new Map<string, number>();
  const decidedAt = new Map<string, number>(); // callback → decision time of its latest claim
  for (const e of log.events) {
    if (e.type === 'CALLBACK_CREATED' && e.callbackId) createdAt.set(e.callbackId, e.at);
    if (e.type === 'ATTEMPT_CLAIMED' && e.callbackId) decidedAt.set(e.callbackId, e.at);
  }
  // The claim's events: CALLBACK_STATE → DIALING comes first, ATTEMPT_CLAIMED (same transaction, same at) after it.
  const claimAt = (seq: number, id: string): number => log.events.find((x) => x.seq > seq && x.type === 'ATTEMPT_CLAIMED' && x.callbackId === id)?.at ?? decidedAt.get(id)!;

  for (const e of log.events) {
    if (!e.callbackId || !e.toState) continue;
    if (e.type === 'CALLBACK_STATE' && e.fromState === 'QUEUED' && e.toState === 'DIALING') {
      report.dials++;
      const x = log.callbacks.get(e.callbackId)!;
      const decided = claimAt(e.seq, x.id);
      for (const yId of queued.get(x.serviceId) ?? []) {
        if (yId === x.id || compareQueueOrder(log.callbacks.get(yId)!, x) >= 0) continue;
        if (decided < (createdAt.get(yId) ?? -Infinity)) continue; // decided before Y existed
        const n = (overtakes.get(yId) ?? 0) + 1;
        overtakes.set(yId, n);
        if (excused.has(yId)) {
          excusedSeen.add(yId);
          report.excused.worst = Math.max(report.excused.worst, n);
          continue;
        }
        report.worst = Math.max(report.worst, n);
        if (n === opts.slack + 1) report.violations.push(`${yId} (queuedSince ${log.callbacks.get(yId)!.queuedSince}) overtaken by more than ${opts.slack} dials, the last of ${x.id} at seq ${e.seq}`);
      }
    }
    if (e.type === 'CALLBACK_CREATED' || e.type === 'CALLBACK_STATE') setState(e.callbackId, e.toState);
  }
  report.excused.entries = excusedSeen.size;
  return report;
}

/** The last `inFlight` entries (by creation in the log) of each SIGKILLed node process. */
function excusedEntries(log: ClusterLog, opts: OrderOptions): Set<string> {
  const byLife = new Map<string, string[]>();
  for (const e of log.events) {
    if (e.type !== 'CALLBACK_CREATED' || !e.callbackId) continue;
    const ctx = log.callbacks.get(e.callbackId)?.context ?? {};
    const life = `${ctx[TAG_NODE]}#${ctx[TAG_LIFE]}`;
    if (!opts.killedLives.has(life)) continue;
    const list = byLife.get(life) ?? [];
    list.push(e.callbackId);
    byLife.set(life, list);
  }
  return new Set([...byLife.values()].flatMap((ids) => ids.slice(-opts.inFlight)));
}
