import Srf from 'drachtio-srf';
import Mrf from 'drachtio-fsmrf';
import { HoldlessError } from '../../../domain/errors.js';
import type { AppConfig } from '../../config/types.js';
import { TelephonyConnections, type Log } from './connections.js';
import { DrachtioCallControl, type DrachtioCallControlOptions } from './drachtio-call-control.js';
import type { MrfLike, SrfLike } from './types.js';

export { DrachtioCallControl } from './drachtio-call-control.js';
export { checkSecrets } from './connections.js';

/**
 * Composition helper for build-app: real drachtio-srf + drachtio-fsmrf objects, cast once here
 * to the structural interfaces the adapter is written (and unit-tested) against.
 */
export function createDrachtioCallControl(
  config: AppConfig,
  log: Log,
  extra: Omit<DrachtioCallControlOptions, 'mediaPromptsDir'> & { mediaPromptsDir?: string; listenAddress?: string; advertisedAddress?: string },
): DrachtioCallControl {
  const t = config.telephony;
  const media = t.mediaServers[0];
  if (!media) throw new HoldlessError('TELEPHONY_CONFIG', 'telephony.mediaServers needs at least one FreeSWITCH');
  const srf = new Srf() as unknown as SrfLike;
  const mrf = new Mrf(srf) as unknown as MrfLike;
  const conn = new TelephonyConnections(srf, mrf, {
    drachtio: t.drachtio,
    mediaServer: { ...media, listenAddress: extra.listenAddress, advertisedAddress: extra.advertisedAddress },
    allowDefaultSecrets: t.allowDefaultSecrets,
    maxBackoffMs: 10_000,
    heartbeatMs: 10_000,
    heartbeatTimeoutMs: 3_000,
  }, log);
  return new DrachtioCallControl(conn, { ...extra, trunks: extra.trunks ?? t.trunks, mediaPromptsDir: extra.mediaPromptsDir ?? t.promptsDir }, log);
}
