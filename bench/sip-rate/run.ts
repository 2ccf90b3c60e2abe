/**
 * bench/sip-rate (e2e lane only): the highest inbound call rate holdless sustains through the IVR
 * to the callback offer with zero failed calls (a sipp rate ramp), next to a bare drachtio app
 * that answers through FreeSWITCH and hangs up, in the same run. Needs HOLDLESS_E2E=1 and
 * drachtio-server + FreeSWITCH reachable (addresses as in test/e2e/harness.ts); loopback only,
 * every step bounded.
 *   HOLDLESS_E2E=1 npx tsx bench/sip-rate/run.ts [--steps 1,2,4,8,16] [--seconds 10]
 */
import { join } from 'node:path';
import type { CallControl, CollectOptions, InboundCall } from '../../src/app/ports/call-control.js';
import { e2e, e2eGate, freeswitchChannels, rtpFile, scenarioFile, scenariosDir, sipp, startHoldless } from '../../test/e2e/harness.js';
import { startBare } from './bare.js';

const arg = (name: string, def: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1]! : def; };
const steps = arg('steps', '1,2,4,8,16,32').split(',').map(Number);
const seconds = Number(arg('seconds', '10'));
const here = new URL('.', import.meta.url).pathname;

// Keys to the offer (flows/main.yaml): language 1, service 1; hang up while the offer is read.
const toOffer = () => rtpFile([
  { kind: 'silence', ms: 3400 }, { kind: 'digit', digit: '1' },
  { kind: 'silence', ms: 960 }, { kind: 'digit', digit: '1' }, { kind: 'silence', ms: 6000 },
]);

interface Step { cps: number; calls: number; ok: number; failed: number; why: string }

/** Counts inbound calls that heard the offer menu: a sipp success alone does not prove that. */
const offers = { reached: 0 };
function countOffers(t: CallControl): void {
  const register = t.onInboundCall.bind(t);
  t.onInboundCall = (handler) => register((call: InboundCall) => {
    const collect = call.playCollect.bind(call);
    let counted = false;
    call.playCollect = (o: CollectOptions) => {
      if (!counted && o.prompts.includes('offer_menu')) { counted = true; offers.reached++; }
      return collect(o);
    };
    return handler(call);
  });
}

/** One step: `cps` calls per second for `seconds`; counts from sipp's final statistics. */
async function step(scenario: string, cps: number, callSeconds: number): Promise<Step> {
  const calls = Math.max(1, Math.round(cps * seconds));
  const run = sipp(scenario, ['-s', 'service', '-r', String(cps), '-rp', '1000', e2e.sip], (seconds + callSeconds + 40) * 1000, calls, true);
  const { out } = await run.done;
  const count = (label: string) => Number(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(out)?.[1] ?? NaN);
  const ok = count('Successful call');
  const failed = count('Failed call');
  const why = out.split('--- sipp errors ---')[1]?.split('\n').filter((l) => /\d{4}-\d\d-\d\d/.test(l)).slice(0, 2).join('\n    ') ?? '';
  return { cps, calls, ok, why, failed: Number.isNaN(failed) ? calls : failed + Math.max(0, calls - (Number.isNaN(ok) ? 0 : ok) - failed) };
}

async function ramp(name: string, scenario: () => string, callSeconds: number, countOffer: boolean): Promise<number> {
  let best = 0;
  for (const cps of steps) {
    const before = offers.reached;
    const r = await step(scenario(), cps, callSeconds);
    const heard = offers.reached - before;
    console.log(`${name.padEnd(8)} ${String(cps).padStart(4)} cps  calls ${r.calls}  ok ${r.ok}  failed ${r.failed}${countOffer ? `  heard the offer ${heard}` : ''}`);
    if (r.failed > 0 || r.ok !== r.calls || (countOffer && heard !== r.calls)) {
      if (r.why) console.log(`    first sipp errors: ${r.why}`);
      break;
    }
    best = cps;
    await new Promise((res) => setTimeout(res, 3000)); // let the last calls' media close
  }
  return best;
}

async function main(): Promise<void> {
  const reason = await e2eGate();
  if (reason) { console.log(`[bench sip-rate] skipped: ${reason}`); return; }
  console.log(`sipp rate ramp, ${seconds} s per step, steps ${steps.join(', ')} cps`);

  // One app at a time on drachtio: it round-robins INVITEs over every connected app.
  const bare = await startBare({
    drachtio: { ...e2e.drachtio, secret: e2e.drachtioSecret }, freeswitch: { ...e2e.freeswitch, secret: e2e.freeswitchSecret },
    listenAddress: e2e.listenAddress, holdMs: 1000,
  });
  const bareBest = await ramp('bare', () => scenarioFile('caller.xml', { PCAP_FILE: rtpFile([{ kind: 'silence', ms: 1500 }]), CALLER_ANI: '+4930123456', BYE_TIMEOUT_MS: 15_000 }, scenariosDir), 2, false);
  await bare.stop();

  const h = await startHoldless(undefined, countOffers);
  const holdlessBest = await ramp('holdless', () => scenarioFile('caller-to-offer.xml', { PCAP_FILE: toOffer(), HANGUP_AFTER_MS: 10_500 }, join(here)), 11, true);
  await new Promise((res) => setTimeout(res, 5000));
  // Every caller hung up: anything left on FreeSWITCH is a leg holdless did not tear down.
  console.log(`FreeSWITCH channels left 5 s after holdless's last call: ${await freeswitchChannels()}`);
  await h.stop();

  console.log(`\nhighest sustained rate with zero failed calls (within ${steps.join('/')} cps):`);
  console.log(`  bare drachtio app (answer + hang up): ${bareBest} cps`);
  console.log(`  holdless IVR to the offer:            ${holdlessBest} cps`);
  console.log(`  ratio holdless / bare:                ${bareBest ? (holdlessBest / bareBest).toFixed(2) : 'n/a'}`);
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
