/**
 * Composition of the notifier (issue 8): the outbox scan and the deliveries run on one polling loop
 * (invariant 6: no long timers; retries wait in the database), plus the push and CAPTCHA routes.
 * Called from buildApp; tests pass their own Notifier or tick by hand (autoPoll: false).
 */
import { isDispatcher } from './app/cluster-role.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppContext } from './app/context.js';
import { deliverDue } from './app/notify/deliver.js';
import { scanOutbox } from './app/notify/outbox.js';
import type { Notifier } from './app/ports/notifier.js';
import type { RetryPolicy } from './domain/notify.js';
import type { AppConfig } from './adapters/config/types.js';
import { captchaRoutes } from './adapters/http/captcha.js';
import { pushRoutes } from './adapters/http/routes/push.js';
import { createNotifier } from './adapters/notify/notifier.js';
import { createPoller, type Poller } from './adapters/scheduler/poller.js';

export interface NotifyWiringOptions { notifier?: Notifier; autoPoll?: boolean }

export interface NotifyWiring {
  poller: Poller;
  plugins: ((app: FastifyInstance) => Promise<void>)[];
  start(): void;
  stop(): Promise<void>;
}

const PURGE_EVERY_MS = 60_000;
/** Finished deliveries are kept a week for inspection; their outcomes are events anyway. */
const KEEP_DONE_MS = 7 * 86_400_000;

export function buildNotifier(ctx: AppContext, config: AppConfig, logger: Logger, opts: NotifyWiringOptions = {}): NotifyWiring {
  const log = logger.child({ component: 'notify' });
  const own = opts.notifier ? undefined : createNotifier(config.notify, { allowPrivateEndpoints: config.push?.allowPrivateEndpoints ?? false });
  const notifier = opts.notifier ?? own!;
  const n = config.notify;
  const policy: RetryPolicy = { maxAttempts: n.maxAttempts, initialDelayMs: n.initialDelaySeconds * 1000, maxDelayMs: n.maxDelaySeconds * 1000 };
  const subscriptions = n.webhooks.map(({ id, services, events }) => ({ id, services, events }));
  let lastPurge = 0;
  const tick = async () => {
    // One notifier per cluster: the dispatcher's (deliveries have fixed ids, so a takeover adds nothing twice).
    if (!isDispatcher(ctx)) return;
    // Bounded rounds: a burst is worked through in a few ticks without starving the event loop.
    for (let i = 0; i < 20 && (await scanOutbox(ctx, { subscriptions, batch: 500 })) > 0; i++);
    for (let i = 0; i < 10 && (await deliverDue(ctx, notifier, { policy, batch: 32 })) > 0; i++);
    const now = ctx.clock.now();
    if (now - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now;
      await ctx.store.write(async (tx) => { await tx.captchas.purgeBefore(now); await tx.outbox.purgeDone(now - KEEP_DONE_MS); });
    }
  };
  const poller = createPoller({ tick }, { intervalMs: n.pollMs, onError: (e) => log.error({ err: e }, 'notify tick failed') });
  return {
    poller,
    plugins: [pushRoutes({ vapidPublicKey: n.webpush?.publicKey }), captchaRoutes({ ctx, captcha: config.captcha })],
    start() { if (opts.autoPoll !== false) poller.start(); },
    async stop() {
      await poller.stop();
      own?.close();
    },
  };
}
