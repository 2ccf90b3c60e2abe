import type { DialCustomerRequest, DialCustomerResult } from '../../../app/ports/call-control.js';
import { FsmrfLeg, type LegTimeouts, type PromptPath } from './fsmrf-leg.js';
import { bounded } from './media-race.js';
import { placeOutdial } from './outdial.js';
import { placeViaTrunks, type TrunkOrder } from './trunks.js';
import type { Log } from './connections.js';
import { outcomeForSipStatus, outcomeForTone } from './sip-outcome.js';
import type { MediaServerLike, SrfLike } from './types.js';

export interface CustomerDialContext {
  srf: SrfLike;
  ms: MediaServerLike;
  promptPath: PromptPath;
  /** Builds the request URI for an E.164 number (trunk host, or a proxy). */
  uriFor(e164: string): string;
  proxy?: string;
  /** mod_spandsp tone descriptor set: 1 North America, 44 UK, 49 Germany. */
  toneDescriptor: string;
  legTimeouts?: LegTimeouts;
  createEndpointTimeoutMs?: number;
  /** Carrier trunks with failover; when set, uriFor/proxy are not used. */
  trunks?: TrunkOrder;
  log?: Log;
}

/**
 * The callback dial-out: ring with call-progress detection, then the "press 1" confirmation
 * (the decisive human signal) while mod_avmd listens for a voicemail beep.
 */
export async function dialCustomer(ctx: CustomerDialContext, req: DialCustomerRequest): Promise<DialCustomerResult> {
  const common = {
    callerId: req.callerId, callerName: req.callerName, ringTimeoutMs: req.ringTimeoutMs,
    headers: { 'X-Holdless-Call-Id': req.callId }, detectTones: { descriptor: ctx.toneDescriptor }, createEndpointTimeoutMs: ctx.createEndpointTimeoutMs,
  };
  const placed = ctx.trunks
    ? await placeViaTrunks(ctx.srf, ctx.ms, ctx.trunks, { ...common, to: req.to }, ctx.log)
    : await placeOutdial(ctx.srf, ctx.ms, { ...common, uri: ctx.uriFor(req.to), proxy: ctx.proxy });
  if (placed.kind === 'failed') {
    if (placed.tone) return { outcome: placed.tone, sipCode: placed.sipCode, detail: `${placed.tone} detected in early media` };
    if (placed.ringTimeout) return { outcome: 'NO_ANSWER', sipCode: placed.sipCode, detail: 'ring timeout' };
    if (placed.sipCode !== undefined) return { outcome: outcomeForSipStatus(placed.sipCode), sipCode: placed.sipCode, detail: placed.detail };
    return { outcome: 'NETWORK_ERROR', detail: placed.detail };
  }
  const leg = new FsmrfLeg(req.callId, placed.endpoint, placed.dialog, ctx.promptPath, ctx.legTimeouts);
  let machine: 'ANSWERING_MACHINE' | 'FAX' | undefined;
  const stopPlayback = () => void leg.breakMedia();
  placed.endpoint.on('tone', (evt: { tone?: string }) => {
    if (outcomeForTone(String(evt?.tone ?? '')) === 'FAX' && !machine) { machine = 'FAX'; stopPlayback(); }
  });
  if (req.detectAnsweringMachine) {
    // Beep events can arrive twice, 1 ms apart: the first one decides.
    placed.endpoint.addCustomEventListener('avmd::beep', () => { if (!machine) { machine = 'ANSWERING_MACHINE'; stopPlayback(); } });
    await bounded(() => placed.endpoint.execute('avmd_start', 'inbound_channel=1,outbound_channel=0'), 3_000);
  }
  for (let i = 0; i < req.confirmation.attempts; i++) {
    const r = await leg.playCollect({
      prompts: req.confirmation.prompts, language: req.language, minDigits: 1, maxDigits: 1,
      timeoutMs: req.confirmation.timeoutMs, terminators: '',
    });
    if (machine) break;
    if (r.kind === 'hangup') return { outcome: 'NO_CONFIRM', sipCode: 200, detail: 'hung up before confirming' };
    if (r.kind === 'digits' && r.digits === req.confirmation.digit) {
      if (req.detectAnsweringMachine) await bounded(() => placed.endpoint.execute('avmd_stop'), 3_000);
      return { outcome: 'PERSON', leg, sipCode: 200 };
    }
  }
  // After the beep the machine records: leave the call-in message when the dialer asked for one.
  const voicemailLeft = machine === 'ANSWERING_MACHINE' && req.voicemail
    ? (await leg.play(req.voicemail.prompts, req.language)).kind === 'done' : undefined;
  await leg.hangup();
  if (machine) {
    return { outcome: machine, sipCode: 200, detail: machine === 'FAX' ? 'fax tone after answer' : 'voicemail beep', ...(voicemailLeft !== undefined ? { voicemailLeft } : {}) };
  }
  return { outcome: 'NO_CONFIRM', sipCode: 200, detail: `no "${req.confirmation.digit}" after ${req.confirmation.attempts} attempts` };
}
