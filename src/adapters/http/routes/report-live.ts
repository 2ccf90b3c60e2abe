/**
 * Realtime per service (the wallboard), admin:
 * GET /v1/reports/realtime         → Realtime { at, services: [{ serviceId, live, callback, oldestWaitSeconds,
 *                                     ewtSeconds, today: {...}, dueNextHour }], agents: {STATE: n} }
 * GET /v1/reports/realtime/events  → text/event-stream: `event: realtime` with the same JSON, at once and
 *                                     every `pushMs`; a comment line keeps proxies open in between.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import type { QueueSystem } from '../../../app/queue/queue-system.js';
import type { SettingsOf } from '../../../app/reports/callback-summary.js';
import { realtime } from '../../../app/reports/realtime.js';
import { access } from '../../../app/access/roles.js';

export interface RealtimeRouteDeps { ctx: AppContext; system: QueueSystem; settings: SettingsOf; pushMs?: number }

const WALLBOARD = { access: access.roles('supervisor', 'monitor', 'administrator') };

export function reportLiveRoutes({ ctx, system, settings, pushMs = 5_000 }: RealtimeRouteDeps) {
  const snapshot = () => realtime(ctx, system, settings, ctx.clock.now());
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/reports/realtime', { schema: { tags: ['admin'], summary: 'Wallboard figures per service, now and today' }, config: WALLBOARD }, async () => {
      return snapshot();
    });

    app.get('/v1/reports/realtime/events', { schema: { tags: ['admin'], summary: 'Wallboard figures pushed over SSE' }, config: WALLBOARD }, (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const push = async () => {
        try {
          res.write(`event: realtime\ndata: ${JSON.stringify(await snapshot())}\n\n`);
        } catch (e) {
          request.log.warn({ err: e }, 'realtime snapshot failed');
          res.write(': snapshot failed\n\n');
        }
      };
      void push();
      const timer = setInterval(() => void push(), pushMs);
      timer.unref();
      request.raw.on('close', () => clearInterval(timer));
    });
  };
}
