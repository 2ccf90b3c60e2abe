/** GET /v1/push/vapid-public-key: the application server key pages pass to pushManager.subscribe(). */
import type { FastifyInstance } from 'fastify';
import { HoldlessError } from '../../../domain/errors.js';
import { access } from '../../../app/access/roles.js';

export function pushRoutes({ vapidPublicKey }: { vapidPublicKey?: string }) {
  return async function push(app: FastifyInstance): Promise<void> {
    app.get('/v1/push/vapid-public-key', {
      schema: { tags: ['callbacks'], summary: 'The VAPID public key for Web Push subscriptions' },
      config: { access: access.public },
    }, async () => {
      if (!vapidPublicKey) throw new HoldlessError('PUSH_NOT_CONFIGURED', 'Web Push is not configured on this server (notify.webpush).');
      return { publicKey: vapidPublicKey };
    });
  };
}
