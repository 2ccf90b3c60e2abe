/**
 * Carrier trunks on the SIP side: outbound INVITEs tried trunk by trunk in priority order
 * (failover only when the trunk failed, never after the customer's answer: domain/sip/failover),
 * digest credentials for a trunk that challenges (drachtio-srf's createUAC `auth`: it answers
 * the 401/407 and re-sends the INVITE), caller id with display name and, where the trunk wants
 * it, P-Asserted-Identity; and the inbound allowlist of the trunks' addresses.
 */
import type { BlockList } from 'node:net';
import { isIP } from 'node:net';
import type { TrunkConfig } from '../../config/types.js';
import { allowList } from '../../config/sip-checks.js';
import { failoverAfter } from '../../../domain/sip/failover.js';
import type { Log } from './connections.js';
import { placeOutdial, type OutdialRequest, type OutdialResult } from './outdial.js';
import type { MediaServerLike, SrfLike } from './types.js';

export type TrunkDialRequest = Omit<OutdialRequest, 'uri' | 'proxy' | 'auth'> & { to: string };
export type TrunkDialResult = OutdialResult & { trunkId?: string; tried: string[] };

/** Trunks in the order they are tried; a trunk whose registration is known to fail goes last. */
export interface TrunkOrder { ordered(): TrunkConfig[] }

export const staticOrder = (trunks: TrunkConfig[]): TrunkOrder => {
  const sorted = [...trunks].sort((a, b) => a.priority - b.priority);
  return { ordered: () => sorted };
};

export function identityHeaders(trunk: TrunkConfig, callerId: string, callerName?: string): Record<string, string> {
  if (!trunk.assertIdentity) return {};
  const host = trunk.host.replace(/^sips?:/, '');
  const name = callerName ? `"${callerName.replace(/["\\]/g, '')}" ` : '';
  return { 'P-Asserted-Identity': `${name}<sip:${callerId}@${host}>` };
}

export async function placeViaTrunks(
  srf: SrfLike, ms: MediaServerLike, order: TrunkOrder, req: TrunkDialRequest, log?: Log,
): Promise<TrunkDialResult> {
  const tried: string[] = [];
  let last: OutdialResult = { kind: 'failed', ringTimeout: false, detail: 'no trunk configured' };
  for (const trunk of order.ordered()) {
    tried.push(trunk.id);
    const { to, ...rest } = req;
    last = await placeOutdial(srf, ms, {
      // Each trunk try is its own FreeSWITCH leg: a late sweep of one must not end the next.
      ...rest, legId: tried.length > 1 ? `${req.legId}.${tried.length}` : req.legId,
      uri: `sip:${to}@${trunk.host}`, proxy: trunk.proxy, auth: trunk.auth,
      headers: { ...req.headers, ...identityHeaders(trunk, req.callerId, req.callerName) },
    });
    if (last.kind === 'answered') return { ...last, trunkId: trunk.id, tried };
    if (last.stopped || last.media || !failoverAfter({ sipCode: last.sipCode, ringTimeout: last.ringTimeout, provisional: last.provisional ?? false, tone: last.tone })) {
      return { ...last, trunkId: trunk.id, tried };
    }
    log?.warn({ trunk: trunk.id, sipCode: last.sipCode, detail: last.detail }, 'trunk failed: trying the next one');
  }
  return { ...last, tried };
}

/**
 * Inbound INVITEs come only from the trunks' addresses. With no address listed on any trunk
 * every source is admitted (warned about at start), so an upgrade does not silently drop calls.
 */
export class InboundGate {
  private readonly list: BlockList | undefined;
  constructor(trunks: TrunkConfig[], log?: Log) {
    const entries = trunks.flatMap((t) => t.inboundAddresses);
    this.list = entries.length > 0 ? allowList(entries) : undefined;
    if (!this.list) log?.warn({}, 'no trunk lists inboundAddresses: inbound INVITEs are accepted from any source');
  }

  admits(address: string | undefined): boolean {
    if (!this.list) return true;
    const a = (address ?? '').replace(/^\[|\]$/g, '');
    const v = isIP(a);
    if (v === 0) return false;
    return this.list.check(a, v === 4 ? 'ipv4' : 'ipv6');
  }
}
