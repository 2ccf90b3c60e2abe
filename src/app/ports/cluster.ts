/**
 * Several holdless nodes over one database (issue 9): which node dispatches, under which fencing
 * epoch, and the signals that keep every node's queue view in step. One node (SQLite) is always
 * the dispatcher under epoch 0 and signals nobody (soloCluster).
 */
export type ClusterSignal =
  | { kind: 'callback'; id: string }
  | { kind: 'agent'; id: string }
  /** An agent's phone bindings changed (registered through that node's SIP server). */
  | { kind: 'phone'; agentId: string }
  | LiveSignal;

/** A live caller on hold, as the other nodes keep it in their queue views (its media stays with `owner`). */
export interface LiveEntryWire { id: string; serviceId: string; priority: number; queuedSince: number; owner: string; callInId?: string }

/**
 * Live callers across nodes (issue 9: one global queue order). The owner (the incarnation whose
 * media holds the caller) tells everyone when its caller joins or leaves the line; the dispatcher
 * assigns an agent, the owner rings and bridges the agent there and reports each step back, and
 * the dispatcher keeps the agent's state. Owners of live callers must know which agent they ring.
 */
export type LiveSignal =
  | { kind: 'live-joined'; entry: LiveEntryWire }
  | { kind: 'live-gone'; id: string; owner: string }
  | { kind: 'live-assign'; id: string; agentId: string; owner: string; epoch: number }
  | { kind: 'live-report'; id: string; agentId: string; result: LiveReport; at: number }
  | { kind: 'live-hangup'; agentId: string; owner: string };

/**
 * What the owner tells the dispatcher about an assignment: `busy` = the caller is already being
 * connected (an assignment of an earlier dispatcher), `gone` = left the line before the agent answered.
 */
export type LiveReport = 'connected' | 'no-answer' | 'gone' | 'busy' | 'ended';

export interface DispatcherInfo { nodeId: string; url: string | null; epoch: number }

export interface Cluster {
  readonly nodeId: string;
  /** 'solo' (one node) or the coordinating store ('postgres'). */
  readonly driver: 'solo' | 'postgres';
  /** This process of the node (a restart is a new incarnation): live callers' events carry it. */
  readonly incarnation: string;
  /**
   * Is that incarnation's process still running? (Its live callers' media is there; a dead one's
   * callers are lost.) When it cannot be told, true: nothing is declared lost on a doubt.
   */
  isAlive(incarnation: string): Promise<boolean>;
  /** Does this node dispatch now (claims, dials, housekeeping, notifier)? */
  isDispatcher(): boolean;
  /**
   * Resolves once a previous dispatcher cut off from the database has certainly stepped down and
   * hung up its customer calls (its role lease ran out since this node took the role). The calls
   * it left in the database are only then taken for orphans and queued again.
   */
  predecessorFenced(): Promise<void>;
  /** The epoch this node dispatches under (meaningful while isDispatcher()). */
  epoch(): number;
  /** The node that dispatches, as last seen (undefined while none holds the role). */
  dispatcher(): DispatcherInfo | undefined;
  /** Told when this node gains (true) or loses (false) the dispatcher role. */
  onRoleChange(fn: (dispatcher: boolean) => void): void;
  /** Tells the other nodes; never throws (a lost signal is repaired by the dispatcher's resync). */
  publish(signal: ClusterSignal): void;
  onSignal(fn: (signal: ClusterSignal) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function soloCluster(nodeId = 'solo', url: string | null = null, incarnation = `${nodeId}#${Math.random().toString(36).slice(2, 10)}`): Cluster {
  const roleListeners: ((d: boolean) => void)[] = [];
  return {
    nodeId,
    driver: 'solo',
    incarnation,
    // One node: every other incarnation was an earlier process of this one.
    isAlive: async (other) => other === incarnation,
    isDispatcher: () => true,
    predecessorFenced: async () => undefined,
    epoch: () => 0,
    dispatcher: () => ({ nodeId, url, epoch: 0 }),
    onRoleChange: (fn) => { roleListeners.push(fn); },
    publish: () => undefined,
    onSignal: () => undefined,
    start: async () => undefined,
    stop: async () => undefined,
  };
}
