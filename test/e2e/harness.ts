/**
 * End-to-end harness: the gate (HOLDLESS_E2E=1 and both servers reachable), holdless started
 * in-process through buildApp with the drachtio driver, and sipp as caller, customer and agent.
 * sipp runs as a child process (never spawnSync: holdless shares this event loop).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { buildApp, type App } from '../../src/build-app.js';
import type { AppConfig } from '../../src/adapters/config/types.js';
import Srf from 'drachtio-srf';
import Mrf from 'drachtio-fsmrf';
import { createDrachtioCallControl, DrachtioCallControl } from '../../src/adapters/telephony/drachtio/index.js';
import { TelephonyConnections } from '../../src/adapters/telephony/drachtio/connections.js';
import type { MrfLike, SrfLike } from '../../src/adapters/telephony/drachtio/types.js';
import type { CallControl } from '../../src/app/ports/call-control.js';
import type { Attempt, Callback } from '../../src/domain/model.js';
import { testConfig, testService } from '../../src/testing/test-config.js';
import { writeRtpPcap, type RtpSegment } from './rtp-pcap.js';

export interface HostPort { host: string; port: number }
const env = process.env;
const hostPort = (v: string | undefined, def: string): HostPort => {
  const [host, port] = (v ?? def).split(':');
  return { host: host as string, port: Number(port) };
};

const repo = resolve(import.meta.dirname, '../..');
export const scenariosDir = join(import.meta.dirname, 'scenarios');

/** Where things are; every address is on this machine (loopback) unless the env says otherwise. */
export const e2e = {
  drachtio: hostPort(env.HOLDLESS_E2E_DRACHTIO, '127.0.0.1:9022'),
  drachtioSecret: env.HOLDLESS_E2E_DRACHTIO_SECRET ?? 'cymru',
  freeswitch: hostPort(env.HOLDLESS_E2E_FREESWITCH, '127.0.0.1:8021'),
  freeswitchSecret: env.HOLDLESS_E2E_FREESWITCH_SECRET ?? 'ClueCon',
  /** drachtio's SIP address: where sipp callers send their INVITEs. */
  sip: env.HOLDLESS_E2E_SIP ?? '127.0.0.1:5060',
  /** Our address for FreeSWITCH's event-socket connect-back (fsmrf listenAddress). */
  listenAddress: env.HOLDLESS_E2E_LISTEN ?? '127.0.0.1',
  /** prompts/ as FreeSWITCH sees it (same path when it runs on this host). */
  mediaPromptsDir: env.HOLDLESS_E2E_MEDIA_PROMPTS ?? join(repo, 'prompts'),
  /** sipp UAS ports: the customer "trunk" and two agent phones. */
  customerPort: 5090,
  agentPorts: { alice: 5091, bob: 5092 } as Record<string, number>,
};

export const reachable = ({ host, port }: HostPort) => new Promise<boolean>((done) => {
  const s = createConnection({ host, port, timeout: 1000 }, () => { s.destroy(); done(true); });
  s.on('error', () => done(false));
  s.on('timeout', () => { s.destroy(); done(false); });
});

/** Why the lane cannot run here ('' when it can). */
export async function e2eGate(): Promise<string> {
  if (env.HOLDLESS_E2E !== '1') return 'HOLDLESS_E2E is not 1';
  if (spawnSync('sipp', ['-v']).error) return 'sipp not installed (apt-get install sip-tester)';
  if (!(await reachable(e2e.drachtio))) return `drachtio-server not reachable at ${e2e.drachtio.host}:${e2e.drachtio.port} (HOLDLESS_E2E_DRACHTIO)`;
  if (!(await reachable(e2e.freeswitch))) return `FreeSWITCH ESL not reachable at ${e2e.freeswitch.host}:${e2e.freeswitch.port} (HOLDLESS_E2E_FREESWITCH)`;
  return '';
}

const allDay = [{ from: '00:00', to: '24:00' }];

/** A config whose services are open and callable at any hour, with short timers for the lane. */
export function e2eConfig(): AppConfig {
  const base = testConfig();
  const retry = { maxAttempts: 3, intervalMinutes: 0.05, perOutcome: {} }; // 3 s between attempts
  const svc = (id: string, name: string, skill: string) => testService({
    id, name, skills: { allOf: [{ skill, minLevel: 1 }], anyOf: [], expansion: [] },
    retry, ringTimeoutSeconds: 6, wrapUpSeconds: 1, dialMode: 'reserved',
    // 0: never transfer straight to the queue, so every caller hears the offer.
    offer: { autoTransferBelowSeconds: 0, upperPlaybackSeconds: 1800 },
  });
  const agent = (id: string, name: string) => ({
    id, name, sip: `sip:${id}@127.0.0.1:${e2e.agentPorts[id]}`, skills: { billing: 2, 'tech-support': 1, sales: 1 }, groups: [],
  });
  return {
    ...base,
    telephony: {
      driver: 'drachtio',
      drachtio: { ...e2e.drachtio, secret: e2e.drachtioSecret },
      mediaServers: [{ ...e2e.freeswitch, secret: e2e.freeswitchSecret }],
      allowDefaultSecrets: true,
      flowsDir: join(repo, 'flows'),
      promptsDir: join(repo, 'prompts'),
      inboundFlow: 'main',
    },
    logging: { level: env.HOLDLESS_E2E_LOG ?? 'warn' },
    calendars: [{ id: 'office', timezone: 'Europe/Berlin', weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, holidays: [], specialDays: [] }],
    services: [svc('billing', 'Billing', 'billing'), svc('tech-support', 'Technical support', 'tech-support'), svc('sales', 'Sales', 'sales')],
    subjects: [{ id: 'invoice', label: 'Invoice question', serviceId: 'billing', extraSkills: [] }],
    agents: [agent('alice', 'Alice'), agent('bob', 'Bob')],
    rules: { ...base.rules, allowedCountries: ['DE'], blockedPatterns: [], callingWindow: { from: '00:00', to: '24:00' } },
  };
}

export interface Holdless { app: App; url: string; config: AppConfig; stop(): Promise<void> }

/** holdless in-process on the real servers: buildApp(config, overrides) with the drachtio driver. */
export async function startHoldless(config: AppConfig = e2eConfig(), spy?: (t: CallControl) => void): Promise<Holdless> {
  const logger = pino({ level: config.logging.level });
  const extra = { trunk: { host: `127.0.0.1:${e2e.customerPort}` }, listenAddress: e2e.listenAddress, mediaPromptsDir: e2e.mediaPromptsDir };
  const heartbeatMs = Number(env.HOLDLESS_E2E_HEARTBEAT_MS ?? 0);
  const telephony: CallControl & { canDial(): boolean } = heartbeatMs > 0
    ? withHeartbeat(config, logger, extra, heartbeatMs)
    : createDrachtioCallControl(config, logger, extra);
  spy?.(telephony);
  const app = await buildApp(config, { telephony, logger });
  const url = await app.start();
  await until(() => telephony.canDial(), 15_000, 'drachtio and FreeSWITCH links up');
  return { app, url, config, stop: () => app.stop() };
}

/**
 * The product's wiring (createDrachtioCallControl) with another heartbeat interval: a lab switch
 * (HOLDLESS_E2E_HEARTBEAT_MS) to run the other cases while the heartbeat itself is being fixed.
 */
function withHeartbeat(config: AppConfig, logger: pino.Logger, extra: { trunk: { host: string }; listenAddress: string; mediaPromptsDir: string }, heartbeatMs: number): DrachtioCallControl {
  const t = config.telephony;
  const srf = new Srf() as unknown as SrfLike;
  const conn = new TelephonyConnections(srf, new Mrf(srf) as unknown as MrfLike, {
    drachtio: t.drachtio, mediaServer: { ...t.mediaServers[0]!, listenAddress: extra.listenAddress },
    allowDefaultSecrets: t.allowDefaultSecrets, maxBackoffMs: 10_000, heartbeatMs, heartbeatTimeoutMs: 3_000,
  }, logger);
  return new DrachtioCallControl(conn, extra, logger);
}

export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** FreeSWITCH's channel count over a raw event-socket connection (independent of holdless). */
export function freeswitchChannels(): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(e2e.freeswitch);
    let buf = '';
    let step = 0;
    const fail = (e: Error) => { sock.destroy(); reject(e); };
    sock.setTimeout(3000, () => fail(new Error('event socket timeout')));
    sock.on('error', fail);
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      if (step === 0 && buf.includes('auth/request')) { step = 1; buf = ''; sock.write(`auth ${e2e.freeswitchSecret}\n\n`); }
      else if (step === 1 && buf.includes('Reply-Text:')) {
        if (!buf.includes('+OK')) return fail(new Error('event socket auth refused'));
        step = 2; buf = ''; sock.write('api show channels count\n\n');
      } else if (step === 2) {
        const m = /(\d+) total\./.exec(buf);
        if (m) { sock.destroy(); resolve(Number(m[1])); }
      }
    });
  });
}

/** Every leg of the case was torn down: no FreeSWITCH channel is left behind. */
export async function noChannelsLeft(timeoutMs = 5000): Promise<void> {
  let n = -1;
  await until(async () => (n = await freeswitchChannels()) === 0, timeoutMs, `FreeSWITCH channels to reach 0 (still ${n})`).catch(() => {
    throw new Error(`${n} FreeSWITCH channel(s) left after the call ended: a leg was not torn down`);
  });
}

// ---- HTTP side (the same API a web page or agent desktop uses) ----

const admin = { authorization: 'Bearer admin-secret', 'content-type': 'application/json' };

export async function agentReady(h: Holdless, agentId: string): Promise<void> {
  const put = (state: string, reason?: string) => fetch(`${h.url}/v1/agents/${agentId}/state`, { method: 'PUT', headers: admin, body: JSON.stringify({ state, reason }) });
  let r = await put('READY');
  if (r.status === 422) { await put('NOT_READY', 'Pause'); r = await put('READY'); }
  if (r.status !== 200) throw new Error(`agent ${agentId} READY: ${r.status} ${await r.text()}`);
}

export async function agentState(h: Holdless, agentId: string): Promise<{ name: string; reason: string | null }> {
  const r = await fetch(`${h.url}/v1/agents/${agentId}`, { headers: admin });
  return ((await r.json()) as { state: { name: string; reason: string | null } }).state;
}

export async function requestCallback(h: Holdless, phone: string): Promise<string> {
  const r = await fetch(`${h.url}/v1/callbacks`, {
    method: 'POST', headers: { 'x-api-key': 'partner-secret', 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'billing', phone }),
  });
  const body = (await r.json()) as { id: string };
  if (r.status !== 201) throw new Error(`POST /v1/callbacks: ${r.status} ${JSON.stringify(body)}`);
  return body.id;
}

export const callbackOf = (h: Holdless, id: string): Callback | undefined => h.app.parts.sqlite!.sync.callbacks.get(id);
export const attemptsOf = (h: Holdless, id: string): Attempt[] => h.app.parts.sqlite!.sync.attempts.forCallback(id);
export const callbacksFor = (h: Holdless, phone: string): Callback[] => h.app.parts.sqlite!.sync.callbacks.list({ phone, limit: 10 });

/** Every state a callback passes through, sampled every 50 ms until stop(). */
export function watchStates(h: Holdless, id: string): { seen: string[]; stop(): void } {
  const seen: string[] = [];
  const t = setInterval(() => {
    const s = callbackOf(h, id)?.state;
    if (s && seen.at(-1) !== s) seen.push(s);
  }, 50);
  return { seen, stop: () => clearInterval(t) };
}

// ---- sipp ----

export interface SippRun { done: Promise<{ code: number | null; out: string }>; kill(): void }

let sippRuns = 0;
const running = new Set<SippRun>();
process.on('exit', () => { for (const r of running) r.kill(); }); // no sipp outlives the test run

/** Ends every sipp still running (after a failed case, so the next one gets its ports). */
export async function killAllSipp(): Promise<void> {
  const left = [...running];
  for (const r of left) r.kill();
  await Promise.all(left.map((r) => r.done));
}
const work = mkdtempSync(join(tmpdir(), 'holdless-e2e-'));
let seq = 0;

/** A scenario from scenarios/ with its placeholders filled in, as a file sipp can read. */
export function scenarioFile(name: string, values: Record<string, string | number>, dir = scenariosDir): string {
  let text = readFileSync(join(dir, name), 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(k, String(v));
  const path = join(work, `${++seq}-${name}`);
  writeFileSync(path, text);
  return path;
}

export function rtpFile(segments: RtpSegment[]): string {
  return writeRtpPcap(join(work, `${++seq}.pcap`), segments);
}

/** Starts sipp (one call unless `calls`) and resolves when it exits; statistics and errors are in `out`. */
export function sipp(scenarioPath: string, args: string[], timeoutMs = 90_000, calls = 1, keepFullOutput = false): SippRun {
  // Each sipp its own RTP ports (40000-59999), away from FreeSWITCH's default 16384-32768.
  const mediaPortBase = 40_000 + ((++sippRuns * 1000) % 20_000);
  const argv = ['-sf', scenarioPath, '-i', '127.0.0.1', '-mi', '127.0.0.1', '-mp', String(mediaPortBase), '-m', String(calls),
    '-timeout', `${Math.ceil(timeoutMs / 1000)}s`, '-timeout_error', '-nostdin', '-trace_err', ...args];
  const child = spawn('sipp', argv, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const done = new Promise<{ code: number | null; out: string }>((ok) => child.on('close', (code) => ok({ code, out: (keepFullOutput ? out : tail(out)) + errorsLog(scenarioPath) })));
  const run: SippRun = { done, kill: () => { if (child.exitCode === null) child.kill('SIGKILL'); } };
  running.add(run);
  void done.then(() => running.delete(run));
  return run;
}

/**
 * Every party keeps sending RTP for the whole call, as a real phone does: when the far end's RTP
 * stops, FreeSWITCH's play_and_get_digits stalls until media_timeout (seen in the lab: the
 * second "press 1" prompt never completed). sipp stops the replay when the call ends.
 */
export const RTP_TAIL_MS = 60_000;

/** A phone that answers: customer (port e2e.customerPort) or agent. */
export function uas(scenario: string, port: number, values: Record<string, string | number> = {}, timeoutMs = 90_000): SippRun {
  return sipp(scenarioFile(scenario, { RING_MS: 500, HANGUP_AFTER_MS: 60_000, PCAP_FILE: rtpFile([{ kind: 'silence', ms: RTP_TAIL_MS }]), ...values }), ['-p', String(port)], timeoutMs);
}

/** A caller into the IVR from `ani`, pressing keys as scripted. */
export function caller(ani: string, keys: RtpSegment[], byeTimeoutMs = 60_000): SippRun {
  const file = scenarioFile('caller.xml', { PCAP_FILE: rtpFile(keys), CALLER_ANI: ani, BYE_TIMEOUT_MS: byeTimeoutMs });
  return sipp(file, ['-s', 'service', e2e.sip], byeTimeoutMs + 30_000);
}

const tail = (s: string) => s.split('\n').filter((l) => /call|error|fail|timeout|unexpected/i.test(l)).slice(-12).join('\n');
function errorsLog(scenarioPath: string): string {
  try {
    const base = scenarioPath.replace(/\.xml$/, '');
    const files = spawnSync('sh', ['-c', `cat ${base}_*_errors.log 2>/dev/null | tail -20`], { encoding: 'utf8' });
    return files.stdout ? `\n--- sipp errors ---\n${files.stdout}` : '';
  } catch { return ''; }
}
