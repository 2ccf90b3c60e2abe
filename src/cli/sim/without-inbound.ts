import type { CallControl } from '../../app/ports/call-control.js';

/**
 * The simulator and the demo put callers straight into the queue (speed): inbound calls are not
 * handed to the IVR flow. Everything else is the driver itself. (Talk time occupies the agent
 * because the Connector waits for a hang-up after bridge() — the port's contract.)
 */
export function withoutInbound(inner: CallControl): CallControl {
  return {
    links: () => inner.links(),
    canDial: () => inner.canDial(),
    dialCustomer: (req) => inner.dialCustomer(req),
    dialAgent: (req) => inner.dialAgent(req),
    bridge: (a, b) => inner.bridge(a, b),
    onInboundCall: () => undefined,
    callExists: (id) => inner.callExists(id),
    start: () => inner.start(),
    stop: () => inner.stop(),
  };
}
