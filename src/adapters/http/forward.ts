/**
 * Several nodes (issue 9): agent state, the agents' SSE streams and the supervisor's live counts
 * live on the dispatcher, so a follower passes those requests on to it unchanged (headers,
 * cookies and body included; the dispatcher authenticates again). A browser may talk to any node.
 */
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cluster } from '../../app/ports/cluster.js';
import { HoldlessError } from '../../domain/errors.js';

/** What only the dispatcher can answer right. */
const DISPATCHER_PATHS = [/^\/v1\/agents(\/|\?|$)/, /^\/v1\/supervisor\//, /^\/v1\/reports\/realtime/];
/** Marks a forwarded request, so two nodes that each think the other dispatches do not bounce it forever. */
const HOP = 'x-holdless-forwarded-by';

export const forwardedToDispatcher = (url: string): boolean => DISPATCHER_PATHS.some((p) => p.test(url));

export async function installForwarding(app: FastifyInstance, cluster: Cluster): Promise<void> {
  await app.register(replyFrom, { undici: { connections: 32, headersTimeout: 0, bodyTimeout: 0 } });
  // preValidation: the body is parsed (reply-from sends request.body on), and this node's access
  // check has run — over the same accounts and shared sessions, so the dispatcher decides alike.
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    if (cluster.isDispatcher() || !forwardedToDispatcher(request.url)) return;
    const to = cluster.dispatcher();
    if (!to?.url || request.headers[HOP] !== undefined) {
      throw new HoldlessError('DISPATCHER_UNAVAILABLE', 'No node dispatches right now (one takes over within seconds); try again.', { retryAfterSeconds: 2 });
    }
    return reply.from(`${to.url}${request.url}`, {
      rewriteRequestHeaders: (_req, headers) => ({ ...headers, [HOP]: cluster.nodeId }),
      onError: (r, { error }) => {
        void r.status(503).send({ code: 'DISPATCHER_UNAVAILABLE', message: `The dispatcher (${to.nodeId}) did not answer: ${error.message}`, retryAfterSeconds: 2 });
      },
    });
  });
}
