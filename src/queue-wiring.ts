/**
 * Composition of the queue engine (issue 3): queue system over the AppContext, the polling loop,
 * and the agent/supervisor HTTP routes as a plugin. Called from buildApp.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppContext } from './app/context.js';
import type { DialerOptions } from './app/dialer/dialer.js';
import type { CallControl } from './app/ports/call-control.js';
import { createQueueSystem, type QueueSystem } from './app/queue/queue-system.js';
import type { AppConfig } from './adapters/config/types.js';
import { agentRoutes } from './adapters/http/routes/agents.js';
import { createPoller, type Poller } from './adapters/scheduler/poller.js';
import { bounded } from './adapters/system/bounded.js';

export interface QueueWiring {
  system: QueueSystem;
  poller: Poller;
  plugin: (app: FastifyInstance) => Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Waits (bounded) for dial and connect tasks still running, so their last writes land before the store closes. */
  drain(maxMs: number): Promise<void>;
  /** Graceful stop: no new dials, ringing ones cancelled (Dialer.beginDrain). */
  beginDrain(): void;
  /** Nothing of ours is on a call: no dial or connection running, nobody waiting for an agent. */
  idle(): boolean;
  /** Drain limit reached: customers still waiting for an agent are hung up and requeued. */
  endDrain(): void;
}

export interface QueueWiringOptions { tickMs?: number; dialer?: Partial<DialerOptions>; autoPoll?: boolean }

export function buildQueueEngine(
  ctx: AppContext, config: AppConfig, telephony: CallControl | undefined, logger: Logger, opts: QueueWiringOptions = {},
): QueueWiring {
  const system = createQueueSystem(ctx, telephony, opts.dialer);
  ctx.queue = system.engine;
  const log = logger.child({ component: 'queue' });
  system.dialer.onError = (e) => log.error({ err: e }, 'dial task failed');
  const poller = createPoller({ tick: () => system.tick() }, { intervalMs: opts.tickMs ?? 250, onError: (e) => log.error({ err: e }, 'tick failed') });
  return {
    system,
    poller,
    plugin: agentRoutes({ ctx, system }),
    async start() {
      const r = await system.start();
      log.info(r, 'queue engine started');
      if (opts.autoPoll !== false) poller.start();
    },
    async stop() {
      await poller.stop();
      await system.board.settled();
    },
    async drain(maxMs) {
      await bounded(() => system.dialer.idle(), maxMs);
    },
    beginDrain: () => system.dialer.beginDrain(),
    idle: () => system.dialer.busy === 0 && system.dialer.connector.waiting.length === 0,
    endDrain: () => system.dialer.connector.releaseWaiting(),
  };
}
