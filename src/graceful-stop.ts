/**
 * Graceful stop (issue 14 part 5), for rolling restarts: new inbound INVITEs get 503 (the trunk
 * fails over), no new dial starts and ringing dials are cancelled before the customer can
 * confirm, while connected calls, confirmed customers and IVR callers run on up to the drain
 * limit. At the limit, customers still waiting for an agent are requeued and everything left is
 * hung up by the telephony stop that follows.
 */
import type { Logger } from 'pino';
import type { CallControl } from './app/ports/call-control.js';
import type { Clock } from './app/ports/clock.js';
import type { QueueWiring } from './queue-wiring.js';
import type { InboundWiring } from './telephony-wiring.js';

export interface DrainParts {
  clock: Clock;
  logger: Logger;
  telephony?: CallControl;
  queue?: QueueWiring;
  inbound?: InboundWiring;
}

/** How often the drain looks whether calls are still running (real time; the limit is on the app clock). */
const POLL_MS = 100;

export async function drainCalls(parts: DrainParts, limitMs: number): Promise<'drained' | 'limit'> {
  const { clock, logger, telephony, queue, inbound } = parts;
  telephony?.stopAccepting?.();
  queue?.beginDrain();
  const idle = () => (queue?.idle() ?? true) && (inbound?.idle() ?? true);
  const deadline = clock.now() + limitMs;
  logger.info({ limitMs }, 'draining: no new calls or dials; waiting for calls in progress');
  while (!idle() && clock.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
  if (idle()) {
    logger.info('drained: no call in progress');
    return 'drained';
  }
  logger.warn('drain limit reached: requeueing waiting customers and hanging up the rest');
  queue?.endDrain();
  return 'limit';
}
