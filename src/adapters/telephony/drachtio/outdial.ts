import { destroyParts, legHeaders, sweepLeg } from './leg-sweep.js';
import { bounded } from './media-race.js';
import { outcomeForTone } from './sip-outcome.js';
import { sipStatusOf, type DialogLike, type EndpointLike, type MediaServerLike, type SipRequestLike, type SrfLike } from './types.js';

export interface OutdialRequest {
  /** Our id for this leg, sent to FreeSWITCH so an endpoint fsmrf never hands over can be ended (leg-sweep.ts). */
  legId: string;
  uri: string;
  callerId: string;
  /** From display name. */
  callerName?: string;
  /** Digest credentials for a trunk that challenges (401/407). */
  auth?: { username: string; password: string };
  ringTimeoutMs: number;
  headers?: Record<string, string>;
  proxy?: string;
  /** Start mod_spandsp tone + fax (CED) detection before the INVITE (customer legs). */
  detectTones?: { descriptor: string };
  createEndpointTimeoutMs?: number;
  cleanupMs?: number;
  sweepMs?: readonly number[];
  /** Aborted while ringing (holdless stopping): CANCEL, and the result says `stopped`. */
  signal?: AbortSignal;
}

export type OutdialResult =
  | { kind: 'answered'; endpoint: EndpointLike; dialog: DialogLike }
  | {
    kind: 'failed'; sipCode?: number; ringTimeout: boolean; tone?: 'SIT' | 'BUSY' | 'FAX'; detail?: string;
    /** A provisional response came back (the trunk is alive); media: no endpoint, nothing was sent. */
    provisional?: boolean; media?: boolean;
    /** Cancelled because holdless is stopping (the request's signal). */
    stopped?: boolean;
  };

/**
 * One outbound leg with media on FreeSWITCH (telephony-notes §2.6): createEndpoint (3pcc offer),
 * createUAC with that SDP, early media handed to FreeSWITCH, our own ring timer with CANCEL
 * (createUAC has no timeout), and the 200-after-CANCEL race: a late answer is BYE'd.
 * Every path that does not return an answered leg destroys the endpoint and any dialog.
 */
export async function placeOutdial(srf: SrfLike, ms: MediaServerLike, req: OutdialRequest): Promise<OutdialResult> {
  const cleanupMs = req.cleanupMs ?? 3_000;
  const creating = ms.createEndpoint({ headers: legHeaders(req.legId) });
  const endpoint = await bounded(() => creating, req.createEndpointTimeoutMs ?? 6_000);
  if (!endpoint) {
    // Late or never: whatever FreeSWITCH answered for this leg must still end.
    void creating.then((late) => destroyParts(late), () => undefined);
    sweepLeg(ms, req.legId, req.sweepMs, cleanupMs);
    return { kind: 'failed', ringTimeout: false, media: true, detail: 'media server did not create an endpoint' };
  }
  let inviteReq: SipRequestLike | undefined;
  let cancelWanted = false;
  let ringTimeout = false;
  let tone: 'SIT' | 'BUSY' | 'FAX' | undefined;
  let lastSdp: string | undefined;
  let provisional = false;
  const cancel = () => {
    cancelWanted = true;
    try { inviteReq?.cancel(); } catch { /* already final */ }
  };
  const onTone = (evt: { tone?: string }) => {
    const t = outcomeForTone(String(evt?.tone ?? ''));
    if (t && !tone) { tone = t; cancel(); } // SIT/busy/fax in early media: stop ringing now
  };
  const connectStream = async (sdp: string | undefined) => {
    if (!sdp || sdp === lastSdp) return;
    lastSdp = sdp;
    await bounded(() => endpoint.modify(sdp), cleanupMs);
  };
  if (req.detectTones) {
    endpoint.on('tone', onTone);
    await bounded(() => endpoint.execute('spandsp_start_tone_detect', req.detectTones!.descriptor), cleanupMs);
    await bounded(() => endpoint.execute('spandsp_start_fax_detect', 'set fax_detected=true 60 ced'), cleanupMs);
  }
  const ringTimer = setTimeout(() => { ringTimeout = true; cancel(); }, req.ringTimeoutMs);
  let stopped = false;
  const onStop = () => { stopped = true; cancel(); };
  if (req.signal?.aborted) onStop();
  else req.signal?.addEventListener('abort', onStop, { once: true });
  const unwatch = () => { clearTimeout(ringTimer); req.signal?.removeEventListener('abort', onStop); };
  let dialog: DialogLike;
  try {
    dialog = await srf.createUAC(req.uri, {
      localSdp: endpoint.local.sdp, callingNumber: req.callerId, callingName: req.callerName, headers: req.headers, proxy: req.proxy, auth: req.auth,
    }, {
      cbRequest: (err, r) => {
        if (err) return;
        inviteReq = r;
        if (cancelWanted) cancel(); // the timer fired before the INVITE was on the wire
      },
      cbProvisional: (prov) => { provisional = true; if (prov.body) void connectStream(prov.body); },
    });
  } catch (err) {
    unwatch();
    endpoint.off('tone', onTone);
    await bounded(() => endpoint.destroy(), cleanupMs);
    const sipCode = sipStatusOf(err);
    return { kind: 'failed', sipCode, ringTimeout, tone, provisional, stopped, detail: sipCode === undefined ? String((err as Error)?.message ?? err) : undefined };
  }
  unwatch();
  if (cancelWanted) {
    // 200 OK crossed our CANCEL: the far end is connected, so it needs a BYE, and the attempt is not answered.
    endpoint.off('tone', onTone);
    await Promise.all([bounded(() => dialog.destroy(), cleanupMs), bounded(() => endpoint.destroy(), cleanupMs)]);
    return { kind: 'failed', sipCode: 200, ringTimeout, tone, stopped, detail: 'answered after CANCEL; BYE sent' };
  }
  await connectStream(dialog.remote.sdp);
  endpoint.off('tone', onTone);
  return { kind: 'answered', endpoint, dialog };
}
