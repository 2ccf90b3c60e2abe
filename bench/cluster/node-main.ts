/**
 * Process entry of a bench/cluster node: src/main.ts's job (load config, build, start, stop on
 * signals) plus one stdout line per customer dial issued, `DIAL <callbackId> <epoch ms>`, from the
 * dialer's test and benchmark hook, so the bench can time agent-ready → dial across processes.
 */
import { loadConfig } from '../../src/adapters/config/load-config.js';
import { buildApp } from '../../src/build-app.js';

const configPath = process.argv[2] ?? 'config.yaml';
const app = await buildApp(loadConfig(configPath), { configFile: { path: configPath, env: process.env } });
const dialer = app.parts.queue?.system.dialer;
if (dialer) dialer.onDialIssued = (_callId, callbackId) => { process.stdout.write(`DIAL ${callbackId} ${Date.now()}\n`); };
await app.start();
const stop = async (): Promise<void> => { await app.stop(); process.exit(0); };
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
