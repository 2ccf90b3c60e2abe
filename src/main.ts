/** Process entry: load config, build, start, stop on signals. Nothing else. */
import { loadConfig } from './adapters/config/load-config.js';
import { buildApp } from './build-app.js';

const configPath = process.env.HOLDLESS_CONFIG || process.argv[2] || 'config.yaml';

try {
  const app = await buildApp(loadConfig(configPath), { configFile: { path: configPath, env: process.env } });
  const address = await app.start();
  app.parts.logger.info({ address, docs: `${address}/docs` }, 'holdless is listening');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.parts.logger.info({ signal }, 'stopping');
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // SIGHUP: reload config.yaml, flows and prompts for new work; a bad file changes nothing.
  process.on('SIGHUP', () => {
    const result = app.reload(configPath);
    if (result.ok) app.parts.logger.info({ needsRestart: result.needsRestart }, 'configuration reloaded');
    else app.parts.logger.error({ code: result.code }, `configuration not reloaded, the running one stays:\n${result.message}`);
  });
} catch (error) {
  const e = error as { code?: string; message?: string };
  console.error(e.code === 'CONFIG_INVALID' ? `configuration is invalid:\n${e.message}` : error);
  process.exit(1);
}
