/**
 * The demo mobile page (PWA-style): /app-demo, its manifest, its service worker (scope /app-demo)
 * and its script, all from web/dist (npm run build:web).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { packageRoot } from './web.js';
import { access } from '../../../app/access/roles.js';

const FILES: Record<string, [string, string]> = {
  '/app-demo': ['app-demo.html', 'text/html; charset=utf-8'],
  '/app-demo/app.js': ['app-demo.js', 'application/javascript; charset=utf-8'],
  '/app-demo/sw.js': ['app-demo-sw.js', 'application/javascript; charset=utf-8'],
  '/app-demo/manifest.webmanifest': ['app-demo.webmanifest', 'application/manifest+json'],
};
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'";

export function appDemoRoutes({ distDir = join(packageRoot(), 'web', 'dist'), demoService = 'billing' }: { distDir?: string; demoService?: string } = {}) {
  const attr = demoService.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return async function appDemo(app: FastifyInstance): Promise<void> {
    for (const [route, [file, type]] of Object.entries(FILES)) {
      app.get(route, { schema: { hide: true }, config: { access: access.public } }, async (_request, reply) => {
        const path = join(distDir, file);
        if (!existsSync(path)) return reply.status(503).type('text/plain; charset=utf-8').send('Web assets are not built: run `npm run build:web`.');
        const text = await readFile(path, 'utf8');
        reply.type(type).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
        if (file.endsWith('.html')) return reply.header('content-security-policy', CSP).send(text.replaceAll('__DEMO_SERVICE__', attr));
        // The worker sits under /app-demo/ but must control the page /app-demo itself.
        if (file === 'app-demo-sw.js') reply.header('service-worker-allowed', '/app-demo');
        return reply.send(text);
      });
    }
  };
}
