/**
 * Composition of Click-To-Call-In (issue 8): the desk the dialer asks about call-in (delayed)
 * callbacks, the creation of those callbacks for POST /v1/callbacks, the call-in routes, and the
 * polling of call-in expiries. Called from buildApp.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppContext } from './app/context.js';
import { CallInDesk } from './app/callins/call-in-desk.js';
import { callInHousekeeping, type CallInTickReport } from './app/callins/call-in-housekeeping.js';
import { requestDelayedCallIn } from './app/callins/delayed-call-in.js';
import { STRICT_PUSH_INTAKE, checkPushTarget } from './adapters/http/push-intake.js';
import type { AppConfig } from './adapters/config/types.js';
import { callInRoutes } from './adapters/http/routes/call-ins.js';
import type { CreateDelayed } from './adapters/http/routes/callbacks.js';
import { createPoller, type Poller } from './adapters/scheduler/poller.js';
import type { QueueWiring } from './queue-wiring.js';

export interface CallInWiring {
  desk: CallInDesk;
  createDelayed: CreateDelayed;
  plugin: (app: FastifyInstance) => Promise<void>;
  /** Expiry of pushed and accepted callbacks and of access codes (tests call it with a fake clock). */
  tick(now?: number): Promise<CallInTickReport>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function wireCallIns(
  ctx: AppContext, config: AppConfig, queue: QueueWiring | undefined, logger: Logger, opts: { tickMs?: number; autoPoll?: boolean } = {},
): CallInWiring {
  const log = logger.child({ component: 'call-in' });
  const desk = new CallInDesk(ctx, (serviceId) => queue?.system.engine.staffing(serviceId).free ?? 0);
  if (queue) queue.system.dialer.callIn = desk;
  const intake = config.push ?? STRICT_PUSH_INTAKE;
  const tick = (now = ctx.clock.now()) => callInHousekeeping(ctx, now);
  const poller: Poller = createPoller({ tick }, { intervalMs: opts.tickMs ?? 1_000, onError: (e) => log.error({ err: e }, 'call-in tick failed') });
  return {
    desk,
    // Marked in the creating transaction, before any dispatch can see the new entry as dialable.
    createDelayed: (req) => requestDelayedCallIn(ctx, req, (t) => checkPushTarget(t, intake), (id) => desk.added(id)),
    plugin: callInRoutes({ ctx }),
    tick,
    async start() {
      const n = await desk.load();
      log.info({ delayed: n }, 'call-in desk loaded');
      if (opts.autoPoll !== false) poller.start();
    },
    stop: () => poller.stop(),
  };
}
