/**
 * Composition of telephony (issue 4): which CallControl driver runs, the IVR flows it answers
 * inbound calls with, and the IVR backend over the real use cases and the queue engine.
 */
import type { Logger } from 'pino';
import type { AppConfig } from './adapters/config/types.js';
import { loadFlows } from './adapters/flows/load-flows.js';
import { bounded } from './adapters/system/bounded.js';
import { createDrachtioCallControl } from './adapters/telephony/drachtio/index.js';
import { SimulatedCallControl } from './adapters/telephony/simulated/index.js';
import { assertPromptsExist } from './adapters/telephony/prompt-check.js';
import { CONFIRMATION } from './app/dialer/claim.js';
import { HOLD_PROMPTS, WHISPER_PROMPTS } from './app/dialer/connector.js';
import type { AppContext } from './app/context.js';
import { createAppIvrBackend } from './app/ivr/app-backend.js';
import { runFlow } from './app/ivr/flow-runner.js';
import type { CallControl } from './app/ports/call-control.js';
import type { Flow } from './domain/flow/flow-model.js';
import type { IvrBackend } from './app/ivr/ivr-backend.js';
import type { QueueWiring } from './queue-wiring.js';
import { HoldlessError } from './domain/errors.js';
import { RealTimeScheduler } from './sim/scheduler.js';
import { seededRandom } from './sim/random.js';

/** The configured driver, unless a test or the simulator passes its own. */
export function createTelephony(config: AppConfig, logger: Logger, override?: CallControl): CallControl | undefined {
  if (override) return override;
  const log = logger.child({ component: 'telephony' });
  switch (config.telephony.driver) {
    case 'none':
      return undefined;
    case 'simulated':
      // A demo driver: outcomes drawn from the default mix; it never touches a network.
      return new SimulatedCallControl({ scheduler: new RealTimeScheduler(), random: seededRandom(0x5eed) });
    case 'drachtio':
      return createDrachtioCallControl(config, log, {
        trunk: config.telephony.trunk ?? { host: '127.0.0.1:5090' },
        mediaPromptsDir: config.telephony.mediaPromptsDir,
      });
  }
}

/** Dialled number → flow (e.g. the call-in number runs flows/callin.yaml); other numbers run the default. */
export function flowByDialledNumber(flows: Map<string, Flow>, fallback: Flow, byNumber: Record<string, string>): (to: string) => Flow {
  const table = new Map<string, Flow>();
  for (const [number, id] of Object.entries(byNumber)) {
    const f = flows.get(id);
    if (!f) throw new HoldlessError('FLOW_INVALID', `telephony.inboundFlows['${number}']: '${id}' is not one of: ${[...flows.keys()].join(', ')}`);
    table.set(digitsOf(number), f);
  }
  return (to) => table.get(digitsOf(to)) ?? fallback;
}

/** The digits of a dialled number as it arrives ("+4930…", "sip:+4930…@host", "004930…" stays as is). */
const digitsOf = (to: string): string => to.replace(/^sips?:/, '').replace(/@.*$/, '').replace(/[^0-9]/g, '');

/**
 * Loads flows/*.yaml (all problems at once; a bad flow stops startup) and answers inbound calls
 * with the configured flow. Only when a driver is configured: without telephony there is no IVR.
 */
export interface InboundWiring {
  /** Waits (bounded) for flows still running after telephony stopped, before the store closes. */
  drain(maxMs: number): Promise<void>;
  /** No caller is in a flow (IVR, hold, or being connected). */
  idle(): boolean;
  /**
   * Loads and checks the flows of a new config (throws FLOW_INVALID / PROMPT_MISSING like at start);
   * the returned swap makes them (and the given ctx snapshot) the version new calls start on.
   */
  prepare(config: AppConfig, ctx: AppContext): () => void;
}

/** The flows and backend a call runs on, captured at its start (a reload never changes a running call). */
interface FlowVersion { flowFor: (to: string) => Flow; backend: IvrBackend }

export function wireInboundCalls(
  config: AppConfig, ctx: AppContext, telephony: CallControl, queue: QueueWiring | undefined, logger: Logger,
): InboundWiring | undefined {
  if (config.telephony.driver === 'none') return undefined;
  const log = logger.child({ component: 'ivr' });
  const version = (cfg: AppConfig, snapshot: AppContext): FlowVersion => ({
    flowFor: checkedFlows(cfg),
    backend: createAppIvrBackend({
      ctx: snapshot, logger: log, telephony,
      enqueueLiveCall: (call, serviceId, opts) => {
        if (!queue) throw new HoldlessError('QUEUE_UNAVAILABLE', 'no queue engine in this process');
        return queue.system.enqueueLiveCall(call, serviceId, opts);
      },
    }),
  });
  let current = version(config, pinCatalog(ctx));
  const running = new Set<Promise<void>>();
  telephony.onInboundCall(async (call) => {
    const callLog = log.child({ callId: call.id });
    const v = current;
    const flowRun = (async () => {
      try {
        const result = await runFlow(v.flowFor(call.to), call, v.backend);
        callLog.info({ end: result.end, path: result.path.length }, 'inbound call ended');
      } catch (err) {
        callLog.error({ err }, 'inbound flow failed');
        if (!call.ended) await call.hangup();
      }
    })();
    running.add(flowRun);
    await flowRun.finally(() => running.delete(flowRun));
  });
  return {
    async drain(maxMs) {
      await bounded(() => Promise.allSettled([...running]), maxMs);
    },
    idle: () => running.size === 0,
    prepare(cfg, snapshot) {
      const next = version(cfg, snapshot);
      return () => { current = next; };
    },
  };
}

/** Loads the flows of a config and checks them and their prompts; the picker by dialled number. */
function checkedFlows(config: AppConfig): (to: string) => Flow {
  const flows = loadFlows({
    flowsDir: config.telephony.flowsDir, promptsDir: config.telephony.promptsDir,
    serviceIds: config.services.map((s) => s.id), baseDir: config.baseDir,
  });
  const flow = flows.get(config.telephony.inboundFlow);
  if (!flow) {
    throw new HoldlessError('FLOW_INVALID', `telephony.inboundFlow '${config.telephony.inboundFlow}' is not one of: ${[...flows.keys()].join(', ')}`);
  }
  // The dialer's and connector's prompts, in every language a service or an inbound flow speaks.
  const languages = [...config.services.map((s) => s.language), ...[...flows.values()].flatMap((f) => f.languages)];
  assertPromptsExist(config.telephony.promptsDir, languages, [...CONFIRMATION.prompts, ...HOLD_PROMPTS, ...WHISPER_PROMPTS]);
  return flowByDialledNumber(flows, flow, config.telephony.inboundFlows ?? {});
}

/**
 * A view of ctx whose catalog stays the one it had now (a call keeps its version through a
 * reload); everything else (store, clock, queue…) is the live ctx, read through the prototype.
 */
export function pinCatalog(ctx: AppContext, catalog: AppContext['catalog'] = ctx.catalog): AppContext {
  return Object.create(ctx, { catalog: { value: catalog, enumerable: true } }) as AppContext;
}
