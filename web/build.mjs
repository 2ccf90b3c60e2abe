/**
 * Builds the browser code into web/dist: widget.js (one self-contained script for any site),
 * agent.js and supervisor.js (the two views), and copies the HTML pages and the shared CSS.
 * Prints the widget's gzipped size; WIDGET_BUDGET_BYTES is asserted here and in test/web.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const WIDGET_BUDGET_BYTES = 30 * 1024;
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

const entries = [
  ['widget/index.ts', 'widget.js'],
  ['agent/main.ts', 'agent.js'],
  ['supervisor/main.ts', 'supervisor.js'],
  ['app-demo/main.ts', 'app-demo.js'],
  ['reports/main.ts', 'reports.js'],
  ['admin/main.ts', 'admin.js'],
];

export async function buildWeb({ quiet = false } = {}) {
  mkdirSync(dist, { recursive: true });
  await Promise.all(entries.map(([src, out]) => build({
    entryPoints: [join(here, src)],
    outfile: join(dist, out),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    legalComments: 'none',
    logLevel: 'warning',
  })));
  for (const f of readdirSync(join(here, 'pages'))) copyFileSync(join(here, 'pages', f), join(dist, f));
  // uPlot's stylesheet for the reports charts (the widget never loads it).
  copyFileSync(join(here, '..', 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(dist, 'uplot.css'));
  const gz = gzipSync(readFileSync(join(dist, 'widget.js')), { level: 9 }).length;
  if (!quiet) console.log(`web: built ${entries.length} bundles into web/dist; widget.js ${gz} bytes gzipped (budget ${WIDGET_BUDGET_BYTES})`);
  if (gz > WIDGET_BUDGET_BYTES) throw new Error(`widget.js is ${gz} bytes gzipped, over the ${WIDGET_BUDGET_BYTES}-byte budget`);
  return { widgetGzipBytes: gz };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildWeb().catch((e) => { console.error(e.message ?? e); process.exit(1); });
}
