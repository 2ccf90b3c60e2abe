/** The offer verb records each step for the reports: offered, then accepted, declined (digit or silence) or hung up. */
import { describe, expect, it } from 'vitest';
import { parseFlowFile } from '../../src/adapters/flows/load-flows.js';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import { FakeIvrBackend } from '../../src/testing/fake-ivr-backend.js';
import { HANGUP, SILENT, ScriptedCall, type CallerAction } from './scripted-call.js';

const flow = parseFlowFile(`id: t
start: first
languages: [en]
nodes:
  first:
    set: { service: billing }
    next: n
  n:
    offer_callback: { prompts: [offer_menu], generic: [ewt_long], attempts: 2 }
    accept: done
    queue: done
  done:
    hangup: [goodbye]
`, 't.yaml').flow!;

async function steps(script: CallerAction[], ewt: number | null = 600) {
  const backend = new FakeIvrBackend();
  backend.service('billing').ewtSeconds = ewt;
  const call = new ScriptedCall(script);
  await runFlow(flow, call, backend);
  return backend.offerSteps.map((s) => [s.step, s.e.reason ?? null, s.e.ewtSeconds, s.e.callId === call.id]);
}

describe('offer_callback events', () => {
  it.each([
    ['accept digit', ['1'], [['offered', null, 600, true], ['accepted', null, 600, true]]],
    ['decline digit', ['2'], [['offered', null, 600, true], ['declined', 'DECLINE_DIGIT', 600, true]]],
    ['no answer twice', [SILENT, SILENT], [['offered', null, 600, true], ['declined', 'NO_INPUT', 600, true]]],
    ['hang-up during the offer', [HANGUP], [['offered', null, 600, true], ['abandoned', null, 600, true]]],
  ] as [string, CallerAction[], unknown[]][])('%s', async (_name, script, expected) => {
    expect(await steps(script)).toEqual(expected);
  });

  const offerFlow = (accept: string) => parseFlowFile(`id: k
start: first
languages: [en]
nodes:
  first:
    set: { service: billing }
    next: n
  n:
    offer_callback: { prompts: [offer_menu], generic: [ewt_long], attempts: 2 }
    accept: confirm
    queue: done
  confirm:
    confirm_number: {}
    next: ${accept}
    fail: done
  when:
    choose_time: { slots: 3 }
    next: register
    fail: register
  register:
    request_callback: {}
    next: done
    fail: done
  done:
    hangup: [goodbye]
`, 'k.yaml').flow!;

  it.each([
    ['a time choice on the accept path: both', 'when', true, 'both'],
    ['straight to the request while open: immediate', 'register', true, 'immediate'],
    ['straight to the request while closed (first free slot): scheduled', 'register', false, 'scheduled'],
  ] as const)('the offer names what the flow offers: %s', async (_name, accept, open, kind) => {
    const backend = new FakeIvrBackend();
    backend.service('billing').ewtSeconds = 600;
    backend.service('billing').open = open;
    await runFlow(offerFlow(accept), new ScriptedCall(['1', HANGUP]), backend);
    expect(backend.offerSteps.map((x) => [x.step, x.e.offer])).toEqual([['offered', kind], ['accepted', kind]]);
  });

  it('no offer (and no event) below the auto-transfer threshold', async () => {
    expect(await steps(['1'], 10)).toEqual([]);
  });
});
