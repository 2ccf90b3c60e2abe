/** A hang-up in the IVR before any offer or queue (greeting, menus) is an IVR_ABANDONED event; later ones are the offer's or the queue's. */
import { describe, expect, it } from 'vitest';
import { parseFlowFile } from '../../src/adapters/flows/load-flows.js';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import { FakeIvrBackend } from '../../src/testing/fake-ivr-backend.js';
import { HANGUP, SILENT, ScriptedCall, type CallerAction } from './scripted-call.js';

const flow = parseFlowFile(`id: t
start: language
languages: [en]
nodes:
  language:
    menu: { prompts: [language_menu], attempts: 1 }
    choices: { "1": pick }
    fail: pick
  pick:
    menu: { prompts: [service_menu], attempts: 1 }
    choices: { "1": billing }
    fail: done
  billing:
    set: { service: billing }
    next: topic
  topic:
    menu: { prompts: [service_menu], attempts: 1 }
    choices: { "1": offer }
    fail: done
  offer:
    offer_callback: { prompts: [offer_menu], generic: [ewt_long], attempts: 2 }
    accept: done
    queue: hold
  hold:
    enqueue: { hold: [hold_music] }
    fail: done
  done:
    hangup: [goodbye]
`, 't.yaml').flow!;

async function run(script: CallerAction[]) {
  const backend = new FakeIvrBackend();
  backend.service('billing').ewtSeconds = 600;
  const call = new ScriptedCall(script);
  const r = await runFlow(flow, call, backend);
  return { r, backend, call };
}

describe('hang-ups in the IVR', () => {
  it('at the first menu: one event, no service chosen yet, the node named', async () => {
    const { r, backend, call } = await run([HANGUP]);
    expect(r.end).toBe('caller_hangup');
    expect(backend.ivrAbandons).toEqual([{ serviceId: undefined, callId: call.id, node: 'language' }]);
  });

  it('at a menu after the service was chosen: the event names the service', async () => {
    const { backend, call } = await run(['1', '1', HANGUP]);
    expect(backend.ivrAbandons).toEqual([{ serviceId: 'billing', callId: call.id, node: 'topic' }]);
  });

  it('during the offer or on hold: not an IVR abandon (the offer and the queue report those)', async () => {
    const during = await run(['1', '1', '1', HANGUP]);
    expect(during.backend.offerSteps.map((x) => x.step)).toEqual(['offered', 'abandoned']);
    expect(during.backend.ivrAbandons).toEqual([]);
    const holding = await run(['1', '1', '1', '2', HANGUP]);
    expect(holding.r.path).toContain('hold');
    expect(holding.backend.ivrAbandons).toEqual([]);
  });

  it('a flow that ends normally records none', async () => {
    const { r, backend } = await run([SILENT, SILENT]);
    expect(r.path.at(-1)).toBe('done');
    expect(backend.ivrAbandons).toEqual([]);
  });
});
