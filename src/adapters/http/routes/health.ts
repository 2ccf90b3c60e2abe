import type { FastifyInstance } from 'fastify';
import type { CallControl } from '../../../app/ports/call-control.js';
import { access } from '../../../app/access/roles.js';
import type { Store } from '../../../app/ports/store.js';
import type { Cluster } from '../../../app/ports/cluster.js';

export interface HealthOptions { store: Store; telephony?: CallControl; driver: string; stopping?: () => boolean; cluster?: Cluster }

/** /healthz: the process answers. /readyz: the database works; telephony link state is reported. */
export async function healthRoutes(app: FastifyInstance, { store, telephony, driver, stopping, cluster }: HealthOptions): Promise<void> {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness' }, config: { access: access.public } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], summary: 'Readiness: database and telephony links' }, config: { access: access.public } }, async (_request, reply) => {
    const database = await store.healthy() ? 'up' : 'down';
    const links = telephony?.links() ?? { signalling: 'disabled', media: 'disabled' };
    // Without telephony the API still takes requests (dialling waits), so only the database decides readiness.
    const draining = stopping?.() ?? false;
    const ready = database === 'up' && !draining;
    const d = cluster?.dispatcher();
    const role = cluster ? { nodeId: cluster.nodeId, role: cluster.isDispatcher() ? 'dispatcher' : 'follower', epoch: d?.epoch ?? null, dispatcher: d?.nodeId ?? null } : undefined;
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : draining ? 'stopping' : 'not_ready', database, storage: store.driver, telephony: { driver, ...links }, ...(role ? { cluster: role } : {}),
    });
  });
}
