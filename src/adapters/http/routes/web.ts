/**
 * Serves the browser code built into web/dist (npm run build:web): the embeddable /widget.js, the
 * /demo page that embeds it, the agent workspace (/agent) and the supervisor view (/supervisor).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { access } from '../../../app/access/roles.js';

export interface WebOptions {
  /** Where the built assets are; defaults to web/dist of the package this file belongs to. */
  distDir?: string;
  /** The service the demo page's widget asks for. */
  demoService?: string;
  /** config company.name, shown by the demo page. */
  companyName?: string;
  /** The codes the agent workspace offers (config reasonCodes and dispositionCodes). */
  reasonCodes?: string[];
  dispositionCodes?: string[];
}

const PAGES: Record<string, string> = { '/demo': 'demo.html', '/agent': 'agent.html', '/supervisor': 'supervisor.html', '/reports': 'reports.html' };
const ASSETS: Record<string, string> = {
  'agent.js': 'application/javascript; charset=utf-8',
  'supervisor.js': 'application/javascript; charset=utf-8',
  'demo.js': 'application/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'reports.js': 'application/javascript; charset=utf-8',
  'reports.css': 'text/css; charset=utf-8',
  'uplot.css': 'text/css; charset=utf-8',
};
// The pages load scripts only from here; the widget's styles live in a <style> inside its Shadow DOM.
// helmet (server.ts) sends this CSP with every answer.
export const PAGE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"], objectSrc: ["'none'"],
  // Plain http on a private address is a supported setup: do not rewrite requests to https.
  upgradeInsecureRequests: null,
};

export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
  return dir;
}

export function webRoutes({
  distDir = join(packageRoot(), 'web', 'dist'), demoService = 'billing', companyName = 'holdless', reasonCodes = [], dispositionCodes = [],
}: WebOptions = {}) {
  const send = async (reply: FastifyReply, file: string, type: string, transform?: (s: string) => string) => {
    const path = join(distDir, file);
    if (!existsSync(path)) {
      return reply.status(503).type('text/plain; charset=utf-8').send('Web assets are not built: run `npm run build:web`.');
    }
    const text = await readFile(path, 'utf8');
    return reply.type(type).header('cache-control', 'no-cache').send(transform ? transform(text) : text);
  };

  return async function web(app: FastifyInstance): Promise<void> {
    app.get('/widget.js', { schema: { hide: true }, config: { access: access.public } }, async (_request, reply) => {
      // Any site may load the script; its API calls are still bound by the CORS origins.
      reply.header('cross-origin-resource-policy', 'cross-origin');
      return send(reply, 'widget.js', 'application/javascript; charset=utf-8');
    });
    for (const [route, file] of Object.entries(PAGES)) {
      app.get(route, { schema: { hide: true }, config: { access: access.public } }, async (_request, reply) => {
        reply.header('referrer-policy', 'same-origin');
        return send(reply, file, 'text/html; charset=utf-8', (s) => s.replaceAll('__DEMO_SERVICE__', escapeAttr(demoService)).replaceAll('__COMPANY__', escapeAttr(companyName)));
      });
    }
    app.get('/favicon.ico', { schema: { hide: true }, config: { access: access.public } }, async (_request, reply) => {
      const path = join(distDir, 'favicon.ico');
      if (!existsSync(path)) return reply.status(404).send({ code: 'NOT_FOUND', message: 'Web assets are not built.' });
      return reply.type('image/x-icon').header('cache-control', 'public, max-age=86400').send(await readFile(path));
    });
    app.get('/agent/config.json', { schema: { hide: true }, config: { access: access.public } }, async () => ({ reasonCodes, dispositionCodes }));
    app.get('/assets/:file', { schema: { hide: true }, config: { access: access.public } }, async (request, reply) => {
      const file = (request.params as { file: string }).file;
      // Own keys only: '__proto__' or 'toString' must not find something inherited from Object.prototype.
      const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
      if (!type) return reply.status(404).send({ code: 'NOT_FOUND', message: 'No such asset.' });
      return send(reply, file, type);
    });
  };
}

const escapeAttr = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
