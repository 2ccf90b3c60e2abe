/**
 * The legs of each agent's conversation while it is bridged, so the agent can end the call from
 * the workspace through the CallControl port (hanging up a leg ends the bridge and the other leg).
 */
import type { CallLeg } from '../ports/call-control.js';

export class ActiveCalls {
  private readonly legs = new Map<string, readonly CallLeg[]>();

  set(agentId: string, legs: readonly CallLeg[]): void {
    this.legs.set(agentId, legs);
  }

  clear(agentId: string, legs: readonly CallLeg[]): void {
    // Only the conversation that registered these legs may clear them.
    if (this.legs.get(agentId) === legs) this.legs.delete(agentId);
  }

  has(agentId: string): boolean {
    return this.legs.has(agentId);
  }

  /** Hangs up every leg of the agent's call. False when the agent has no bridged call. */
  async hangup(agentId: string): Promise<boolean> {
    const legs = this.legs.get(agentId);
    if (!legs) return false;
    await Promise.all(legs.filter((l) => !l.ended).map((l) => l.hangup()));
    return true;
  }
}
