import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/adapters/flows/load-flows.js';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import type { Flow } from '../../src/domain/flow/flow-model.js';
import { FakeIvrBackend } from '../../src/testing/fake-ivr-backend.js';
import { HANGUP, SILENT, ScriptedCall, type CallerAction } from './scripted-call.js';

const root = join(import.meta.dirname, '..', '..');
const flow: Flow = loadFlows({ flowsDir: join(root, 'flows'), promptsDir: join(root, 'prompts'), serviceIds: ['billing', 'tech-support', 'sales'] }).get('main')!;

let backend: FakeIvrBackend;
beforeEach(() => { backend = new FakeIvrBackend(); });
const run = async (script: CallerAction[], from?: string) => {
  const call = new ScriptedCall(script, from);
  const result = await runFlow(flow, call, backend);
  return { call, result };
};

describe('flows/main.yaml', () => {
  it('English caller, billing, accepts the callback on their ANI, as soon as possible', async () => {
    backend.service('billing').ewtSeconds = 250; // between thresholds → "about 5 minutes"
    const { call, result } = await run(['1', '1', '1', '1', '1']);
    expect(result.end).toBe('hangup');
    expect(backend.callbacks).toHaveLength(1);
    expect(backend.callbacks[0]).toMatchObject({ serviceId: 'billing', phone: '+4930123456', channel: 'ivr', language: 'en', ani: '+4930123456', slotStart: undefined });
    expect(call.prompts).toEqual(expect.arrayContaining(['ewt_intro', 'num_5', 'minutes', 'offer_menu', 'callback_registered', 'callback_asap', 'goodbye']));
    expect(call.ended).toBe(true);
  });

  it('German caller picks sales and the second of the next slots', async () => {
    const sales = backend.service('sales');
    sales.slots = [
      { start: 1000, localTime: '14:00', day: 'today' },
      { start: 2000, localTime: '14:30', day: 'today' },
    ];
    const { call, result } = await run(['2', '3', '1', '1', '2', '2']);
    expect(result.end).toBe('hangup');
    expect(result.vars.language).toBe('de');
    expect(backend.callbacks[0]).toMatchObject({ serviceId: 'sales', language: 'de', slotStart: 2000 });
    // German time order: "vierzehn Uhr dreißig"
    expect(call.prompts.join(' ')).toContain('callback_at day_today num_14 oclock num_30');
  });

  it('caller declines the offer and is connected to an agent from the queue', async () => {
    backend.onEnqueue = (e) => e.connect();
    const { result } = await run(['1', '2', '2']);
    expect(result.end).toBe('connected');
    expect(backend.entries[0]?.serviceId).toBe('tech-support');
    expect(backend.callbacks).toHaveLength(0);
  });

  it('short EWT goes straight to the queue without an offer', async () => {
    backend.service('billing').ewtSeconds = 20;
    backend.onEnqueue = (e) => e.connect();
    const { call, result } = await run(['1', '1']);
    expect(result.end).toBe('connected');
    expect(call.prompts).not.toContain('offer_menu');
  });

  it('while holding, 1 takes a callback and keeps the place in line', async () => {
    backend.service('billing').ewtSeconds = 20;
    const { result } = await run(['1', '1', SILENT, '1', '1', '1']);
    expect(backend.entries[0]?.left).toBe('callback');
    expect(backend.callbacks[0]?.queuedSince).toBe(backend.entries[0]?.queuedSince);
    expect(result.end).toBe('hangup');
  });

  it('closed service offers only a callback and says goodbye otherwise', async () => {
    backend.service('billing').open = false;
    const { call, result } = await run(['1', '1', SILENT, SILENT]);
    expect(call.prompts).toContain('closed');
    expect(result.path.at(-1)).toBe('goodbye');
    expect(backend.entries).toHaveLength(0);
  });

  it('holiday is announced before the closed offer', async () => {
    Object.assign(backend.service('sales'), { open: false, holiday: true });
    const { call } = await run(['1', '3', HANGUP]);
    expect(call.prompts).toContain('holiday');
  });

  it('caller hanging up mid-menu ends the flow without registering anything', async () => {
    const { result } = await run(['1', HANGUP]);
    expect(result.end).toBe('caller_hangup');
    expect(backend.callbacks).toHaveLength(0);
  });

  it('caller hanging up while holding leaves the queue as a hang-up', async () => {
    backend.service('billing').ewtSeconds = 20;
    const { result } = await run(['1', '1', HANGUP]);
    expect(result.end).toBe('caller_hangup');
    expect(backend.entries[0]?.left).toBe('hangup');
  });

  it('no service choice after three tries says goodbye', async () => {
    const { result } = await run(['1', SILENT, '9', SILENT]);
    expect(result.path.at(-1)).toBe('goodbye_no_input');
  });

  it('withheld ANI: the caller types a number, hears it back and confirms', async () => {
    const { call } = await run(['1', '1', '1', '030777888', '1', '1'], 'anonymous');
    expect(backend.callbacks[0]?.phone).toBe('+4930777888');
    expect(call.prompts.join(' ')).toContain('number_intro plus num_4 num_9 num_3 num_0 num_7');
  });
});
