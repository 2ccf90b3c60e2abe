/**
 * Composition of the agent-phone registrar (issue 14): built when an agent's phone registers,
 * handed to the app (Ready rule, where agent legs ring) and to the SIP driver (REGISTER).
 * Expired bindings are swept every 30 s so each expiry is an event in the log.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppConfig, RegistrarConfig } from './adapters/config/types.js';
import type { Clock } from './app/ports/clock.js';
import type { Store } from './app/ports/store.js';
import { PhoneRegistrar, type RegistrarSettings } from './app/registrar/registrar.js';

export const DEFAULT_REGISTRAR: RegistrarConfig = {
  realm: 'holdless', nonceTtlSeconds: 300, minExpiresSeconds: 60, maxExpiresSeconds: 3600, defaultExpiresSeconds: 600,
  maxFailuresPerSource: 10, maxFailuresPerUser: 5, failureWindowSeconds: 300, blockSeconds: 900,
};

export function registrarSettings(r: RegistrarConfig = DEFAULT_REGISTRAR): RegistrarSettings {
  return {
    realm: r.realm, nonceTtlSeconds: r.nonceTtlSeconds,
    expiry: { minSeconds: r.minExpiresSeconds, maxSeconds: r.maxExpiresSeconds, defaultSeconds: r.defaultExpiresSeconds },
    limits: { maxFailuresPerSource: r.maxFailuresPerSource, maxFailuresPerUser: r.maxFailuresPerUser, windowMs: r.failureWindowSeconds * 1000, blockMs: r.blockSeconds * 1000 },
  };
}

export interface RegistrarWiring {
  registrar: PhoneRegistrar;
  start(): Promise<void>;
  stop(): void;
}

export function createRegistrar(config: AppConfig, store: Store, clock: Clock, logger: Logger): RegistrarWiring | undefined {
  if (!config.agents.some((a) => a.phone)) return undefined;
  const log = logger.child({ component: 'registrar' });
  const registrar = new PhoneRegistrar(
    { store, clock, agents: config.agents, nonceSecret: randomBytes(32).toString('hex'), log },
    registrarSettings(config.telephony.registrar),
  );
  let timer: NodeJS.Timeout | undefined;
  return {
    registrar,
    async start() {
      await registrar.load();
      timer = setInterval(() => {
        registrar.expire(clock.now()).catch((err: unknown) => log.warn({ err: String(err) }, 'binding expiry sweep failed'));
      }, 30_000);
      timer.unref();
    },
    stop() { if (timer) clearInterval(timer); },
  };
}
