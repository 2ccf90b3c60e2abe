import type { CallControl, CallLeg, MediaResult } from '../../app/ports/call-control.js';

/**
 * The Connector treats bridge() resolving as the end of the conversation (it then starts the
 * agent's wrap-up and measures handle time), while the simulated driver resolves it as soon as
 * the legs are bridged (as the port's comment says). So that talk time occupies the agent, the
 * simulator waits here until either leg hangs up.
 */
export function bridgeUntilHangup(inner: CallControl): CallControl {
  return {
    links: () => inner.links(),
    canDial: () => inner.canDial(),
    dialCustomer: (req) => inner.dialCustomer(req),
    dialAgent: (req) => inner.dialAgent(req),
    onInboundCall: (h) => inner.onInboundCall(h),
    callExists: (id) => inner.callExists(id),
    start: () => inner.start(),
    stop: () => inner.stop(),
    async bridge(a: CallLeg, b: CallLeg): Promise<MediaResult> {
      const r = await inner.bridge(a, b);
      if (r.kind !== 'done') return r;
      await new Promise<void>((resolve) => { a.onHangup(() => resolve()); b.onHangup(() => resolve()); });
      return { kind: 'hangup' };
    },
  };
}
