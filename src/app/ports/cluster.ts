/**
 * Several holdless nodes over one database (issue 9): which node dispatches, under which fencing
 * epoch, and the signals that keep every node's queue view in step. One node (SQLite) is always
 * the dispatcher under epoch 0 and signals nobody (soloCluster).
 */
export type ClusterSignal =
  | { kind: 'callback'; id: string }
  | { kind: 'agent'; id: string };

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
    epoch: () => 0,
    dispatcher: () => ({ nodeId, url, epoch: 0 }),
    onRoleChange: (fn) => { roleListeners.push(fn); },
    publish: () => undefined,
    onSignal: () => undefined,
    start: async () => undefined,
    stop: async () => undefined,
  };
}
