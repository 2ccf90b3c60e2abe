import { beforeEach, describe, expect, it } from 'vitest';
import { parseFlowFile } from '../../src/adapters/flows/load-flows.js';
import { runFlow } from '../../src/app/ivr/flow-runner.js';
import { FakeIvrBackend } from '../../src/testing/fake-ivr-backend.js';
import { HANGUP, SILENT, ScriptedCall, type CallerAction } from './scripted-call.js';

/** A one-verb flow: `node` runs first; every branch goes to a hangup node named after it. */
function flowOf(node: string, branches: string[]) {
  const ends = branches.map((b) => `  end_${b}:\n    hangup: [goodbye]`).join('\n');
  const links = branches.map((b) => `    ${b}: end_${b}`).join('\n');
  const text = `id: t\nstart: first\nlanguages: [en, de]\nnodes:\n  first:\n    set: { service: billing }\n    next: n\n  n:\n${node}\n${links}\n${ends}\n`;
  const parsed = parseFlowFile(text, 't.yaml');
  if (!parsed.flow) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.flow;
}
let backend: FakeIvrBackend;
beforeEach(() => { backend = new FakeIvrBackend(); });
async function run(node: string, branches: string[], script: CallerAction[], from?: string) {
  const call = new ScriptedCall(script, from);
  const result = await runFlow(flowOf(node, branches), call, backend);
  return { call, result, taken: result.path.at(-1)?.replace('end_', '') };
}

describe('offer_callback', () => {
  const offer = '    offer_callback: { prompts: [offer_menu], generic: [ewt_long] }';
  it('above upperPlaybackSeconds plays the generic message, not minutes', async () => {
    backend.service('billing').ewtSeconds = 2000;
    const { call, taken } = await run(offer, ['accept', 'queue'], ['1']);
    expect(taken).toBe('accept');
    expect(call.played[0]).toEqual(['ewt_long', 'offer_menu']);
  });
  it('unknown EWT plays the generic message', async () => {
    backend.service('billing').ewtSeconds = null;
    const { call } = await run(offer, ['accept', 'queue'], ['2']);
    expect(call.played[0]?.[0]).toBe('ewt_long');
  });
  it('EWT equal to the auto-transfer threshold is offered (below means strictly below)', async () => {
    backend.service('billing').ewtSeconds = 60;
    const { taken, call } = await run(offer, ['accept', 'queue'], ['1']);
    expect(taken).toBe('accept');
    expect(call.played[0]).toEqual(['ewt_intro', 'num_1', 'minute', 'offer_menu']);
  });
  it('no answer after the attempts keeps the caller in the queue; the EWT is said once', async () => {
    const { taken, call } = await run(offer, ['accept', 'queue'], [SILENT, '7']);
    expect(taken).toBe('queue');
    expect(call.played[1]).toEqual(['offer_menu']);
  });
});

describe('menu and gather', () => {
  it('menu plays the invalid prompt before repeating after a wrong key', async () => {
    const { call, taken } = await run('    menu: { prompts: [service_menu], invalid: [invalid_choice] }\n    choices: { "3": end_fail }', ['fail'], ['5', '3']);
    expect(taken).toBe('fail');
    expect(call.played[1]).toEqual(['invalid_choice', 'service_menu']);
  });
  it('gather stores the digits in the named variable', async () => {
    const { result } = await run('    gather: { prompts: [number_enter], min: 4, max: 8, var: account }', ['next', 'fail'], ['123', '12345']);
    expect(result.vars.account).toBe('12345');
  });
  it('gather fails after the attempts', async () => {
    const { taken } = await run('    gather: { prompts: [number_enter], min: 4, max: 8, var: account, attempts: 2 }', ['next', 'fail'], ['1', SILENT]);
    expect(taken).toBe('fail');
  });
});

describe('hours and say_ewt', () => {
  it.each([
    [{ open: true, holiday: false }, 'open'],
    [{ open: false, holiday: false }, 'closed'],
    [{ open: false, holiday: true }, 'holiday'],
  ])('%o → %s', async (state, expected) => {
    Object.assign(backend.service('billing'), state);
    const { taken } = await run('    hours: {}', ['open', 'closed', 'holiday'], []);
    expect(taken).toBe(expected);
  });
  it('holiday without a holiday branch goes to closed', async () => {
    Object.assign(backend.service('billing'), { open: false, holiday: true });
    expect((await run('    hours: {}', ['open', 'closed'], [])).taken).toBe('closed');
  });
  it('say_ewt rounds up to whole minutes in the caller\'s language order', async () => {
    backend.service('billing').ewtSeconds = 24 * 60 + 1; // 25 minutes
    const { call } = await run('    say_ewt: {}', ['next'], []);
    expect(call.played[0]).toEqual(['ewt_intro', 'num_20', 'num_5', 'minutes']);
  });
});

describe('confirm_number and choose_time', () => {
  it('2 asks for another number; an invalid typed number is refused and asked again', async () => {
    const { result, call } = await run('    confirm_number: {}', ['next', 'fail'], ['2', '12', '0301234567', '1']);
    expect(result.vars.phone).toBe('+49301234567');
    expect(call.prompts).toContain('number_invalid');
  });
  it('fails when the caller never confirms', async () => {
    expect((await run('    confirm_number: { attempts: 2 }', ['next', 'fail'], [SILENT, SILENT])).taken).toBe('fail');
  });
  it('typed HHMM picks the closest free slot after confirmation', async () => {
    backend.service('billing').slots = [
      { start: 1, localTime: '09:00', day: 'tomorrow' },
      { start: 2, localTime: '15:00', day: 'tomorrow' },
    ];
    const { result, call } = await run('    choose_time: {}', ['next', 'fail'], ['3', '1420', '1']);
    expect(result.vars.slotStart).toBe('2');
    expect(call.played.at(-2)).toEqual(['time_closest', 'day_tomorrow', 'num_15', 'oclock', 'time_confirm']);
  });
  it('an impossible time (2599) is asked again; no slots says time_none', async () => {
    const { taken, call } = await run('    choose_time: { attempts: 2 }', ['next', 'fail'], ['3', '2599', '2']);
    expect(taken).toBe('fail');
    expect(call.prompts).toContain('time_none');
  });
});

describe('request_callback, transfer, enqueue', () => {
  it('a refused callback plays callback_failed and takes the fail branch', async () => {
    backend.refuseCallback = { code: 'SLOT_FULL', message: 'full' };
    const flow = '    set: { phone: "+4930111" }';
    const call = new ScriptedCall([]);
    const parsed = parseFlowFile(`id: t\nstart: a\nlanguages: [en]\nnodes:\n  a:\n${flow}\n    next: b\n  b:\n    request_callback: { service: billing }\n    next: ok\n    fail: bad\n  ok:\n    hangup: []\n  bad:\n    hangup: []\n`, 't.yaml');
    const result = await runFlow(parsed.flow!, call, backend);
    expect(result.path.at(-1)).toBe('bad');
    expect(call.prompts).toContain('callback_failed');
  });
  it('as soon as possible while closed books the first free slot and announces it', async () => {
    Object.assign(backend.service('billing'), { open: false, slots: [{ start: 5000, localTime: '08:00', day: 'tomorrow' }] });
    const call = new ScriptedCall([]);
    const parsed = parseFlowFile(`id: t\nstart: a\nlanguages: [en]\nnodes:\n  a:\n    set: { phone: "+4930111" }\n    next: b\n  b:\n    request_callback: { service: billing }\n    next: ok\n    fail: bad\n  ok:\n    hangup: []\n  bad:\n    hangup: []\n`, 't.yaml');
    const result = await runFlow(parsed.flow!, call, backend);
    expect(result.path.at(-1)).toBe('ok');
    expect(backend.callbacks[0]?.slotStart).toBe(5000);
    expect(call.prompts.join(' ')).toContain('callback_registered callback_at day_tomorrow num_8');
  });
  it('closed with no free slot at all says there is no free time, not "failed"', async () => {
    backend.service('billing').open = false;
    const call = new ScriptedCall([]);
    const parsed = parseFlowFile(`id: t\nstart: a\nlanguages: [en]\nnodes:\n  a:\n    set: { phone: "+4930111" }\n    next: b\n  b:\n    request_callback: { service: billing }\n    next: ok\n    fail: bad\n  ok:\n    hangup: []\n  bad:\n    hangup: []\n`, 't.yaml');
    const result = await runFlow(parsed.flow!, call, backend);
    expect(result.path.at(-1)).toBe('bad');
    expect(call.prompts).toContain('time_none');
    expect(call.prompts).not.toContain('callback_failed');
    expect(backend.callbacks).toHaveLength(0);
  });
  it('transfer ends the flow when it worked, else follows next', async () => {
    expect((await run('    transfer: { to: "sip:desk@example.com" }', ['next'], [])).result.end).toBe('transferred');
    backend.transferOk = false;
    expect((await run('    transfer: { to: "sip:desk@example.com" }', ['next'], [])).taken).toBe('next');
    expect(backend.transfers).toEqual(['sip:desk@example.com', 'sip:desk@example.com']);
  });
  it('enqueue repeats the EWT every ewt_every seconds only', async () => {
    const call = new ScriptedCall([SILENT, SILENT, SILENT, SILENT]);
    call.beforeCollect = () => backend.clock.advance(20_000);
    backend.onEnqueue = (e) => { call.beforeCollect = (n) => { backend.clock.advance(20_000); if (n === 4) e.connect(); }; };
    const result = await runFlow(flowOf('    enqueue: { hold: [hold_music], ewt_every: 40 }', ['fail']), call, backend);
    expect(result.end).toBe('connected');
    const withEwt = call.played.filter((p) => p[0] === 'ewt_intro').length;
    expect(withEwt).toBe(2); // at 0 s and at 40 s, not at 20 s or 60 s
  });
  it('callback key pressed too late (agent already connecting) waits for the connection', async () => {
    backend.onEnqueue = (e) => { e.tooLate = true; setTimeout(() => e.connect(), 5); };
    const { result } = await run('    enqueue: { hold: [hold_music], callback_digit: "1" }', ['callback', 'fail'], ['1']);
    expect(result.end).toBe('connected');
  });
  it('a failed queue entry takes the fail branch; repeated media errors give up', async () => {
    backend.onEnqueue = (e) => e.fail('agent leg failed');
    expect((await run('    enqueue: { hold: [hold_music] }', ['fail'], [SILENT])).taken).toBe('fail');
    backend.onEnqueue = undefined;
    const { taken } = await run('    enqueue: { hold: [hold_music] }', ['fail'], [{ error: true }, { error: true }, { error: true }]);
    expect(taken).toBe('fail');
    expect(backend.entries.at(-1)?.left).toBe('hangup');
  });
  it('a verb without a chosen service ends the call with an error, not a crash', async () => {
    const parsed = parseFlowFile('id: t\nstart: a\nlanguages: [en]\nnodes:\n  a:\n    hours: {}\n    open: b\n    closed: b\n  b:\n    hangup: []\n', 't.yaml');
    const call = new ScriptedCall([]);
    const result = await runFlow(parsed.flow!, call, backend);
    expect(result.end).toBe('error');
    expect(call.ended).toBe(true);
  });
  it('caller gone before the first node: nothing runs', async () => {
    const call = new ScriptedCall([HANGUP]);
    await call.hangup();
    const result = await runFlow(flowOf('    play: [welcome]', ['next']), call, backend);
    expect(result.end).toBe('caller_hangup');
  });
});
