/**
 * Simulated callers through the real IVR (issue 13 §2): each planned caller rings the service
 * line on the simulated driver, the app runs flows/<inboundFlow>.yaml with the real flow runner,
 * and the caller model (ivr-caller.ts) answers its questions. What the flow does — the offer and
 * its thresholds, accept or decline, the callback registration, queueing — is the flow's own.
 * The caller's record is filled from what happens: the queue join (wrapped enqueueLiveCall: the
 * EWT and every predictor at that instant), the callback queued (the engine's onQueued).
 */
import type { AppConfig } from '../../adapters/config/types.js';
import { loadFlows } from '../../adapters/flows/load-flows.js';
import type { SimulatedCallControl, SimulatedInboundCall, CustomerScript } from '../../adapters/telephony/simulated/index.js';
import type { AppContext } from '../../app/context.js';
import { renderCallback } from '../../app/callbacks/view.js';
import type { QueueSystem } from '../../app/queue/queue-system.js';
import type { VirtualScheduler } from '../../sim/scheduler.js';
import { callerAnswers, flowQuestions } from './ivr-caller.js';
import type { CallerRecord } from './metrics.js';
import type { PlannedCaller } from './plan.js';
import type { Scenario } from './scenario.js';

export interface IvrIngressDeps {
  config: AppConfig; scenario: Scenario; ctx: AppContext; q: QueueSystem; driver: SimulatedCallControl; scheduler: VirtualScheduler;
  customers: Record<string, CustomerScript[]>; records: CallerRecord[]; byCallback: Map<string, CallerRecord>; offerCallbacks: boolean;
}

export function ivrIngress(d: IvrIngressDeps): (c: PlannedCaller) => Promise<void> {
  const { config, q, scheduler } = d;
  const flow = loadFlows({
    flowsDir: config.telephony.flowsDir, promptsDir: config.telephony.promptsDir, serviceIds: config.services.map((s) => s.id), baseDir: config.baseDir,
  }).get(config.telephony.inboundFlow)!;
  const questions = flowQuestions(flow);
  const byCall = new Map<string, { r: CallerRecord; c: PlannedCaller }>();
  const byPhone = new Map<string, CallerRecord>();

  const enqueue = q.enqueueLiveCall;
  q.enqueueLiveCall = async (call, serviceId, opts) => {
    const m = byCall.get(call.id);
    const joinedAt = scheduler.now();
    if (m) {
      m.r.ewtSeconds = q.engine.ewtForNew(serviceId, joinedAt);
      m.r.predictions = q.engine.predictions(serviceId, joinedAt);
      m.r.place = q.engine.index.serviceSize(serviceId) + 1;
    }
    const entry = await enqueue(call, serviceId, opts);
    if (!m) return entry;
    (call as SimulatedInboundCall).startHold([], opts.language); // the caller's patience runs from here
    void entry.outcome.then((o) => {
      m.r.waitMs = scheduler.now() - joinedAt;
      if (o.kind === 'connected') {
        m.r.outcome = 'answered';
        scheduler.setTimer(m.c.talkMs, () => (call as SimulatedInboundCall).remoteHangup());
      } else if (o.kind === 'abandoned') m.r.outcome = 'abandoned';
    });
    return entry;
  };
  q.engine.onQueued((cb) => {
    const r = byPhone.get(cb.phone);
    if (!r || (r.callbackId !== undefined && r.callbackId !== cb.id) || r.promisedAt !== undefined) return;
    if (cb.slotStart !== undefined) return; // a booked slot promises its time, not a wait
    r.outcome = 'callback';
    r.callbackId = cb.id;
    d.byCallback.set(cb.id, r);
    // The promise a client reads: GET /v1/callbacks/{id} (and the widget) answer renderCallback's ewtSeconds.
    const now = scheduler.now();
    r.promisedAt = now;
    // Settles within this virtual instant: the scheduler drains pending work before moving the clock.
    void d.ctx.store.read((tx) => renderCallback(d.ctx, tx, cb, now)).then((view) => { r.promisedDialSeconds = view.ewtSeconds; });
  });

  // A callback booked for a slot is SCHEDULED, not queued yet: seen when the app registers it (the
  // change this node commits, told to the engine's local listeners), by the caller's number.
  q.engine.onLocalChange((cb) => {
    if (cb.state !== 'SCHEDULED' || cb.slotStart === undefined) return;
    const r = byPhone.get(cb.phone);
    if (!r || r.callbackId !== undefined || r.serviceId !== cb.serviceId) return;
    r.outcome = 'callback';
    r.callbackId = cb.id;
    r.slotStart = cb.slotStart;
    d.byCallback.set(cb.id, r);
  });

  return async (c) => {
    const now = scheduler.now();
    const service = d.ctx.catalog.service(c.serviceId);
    const r: CallerRecord = { serviceId: c.serviceId, arrivedAt: now, ewtSeconds: null, offered: false, outcome: 'waiting' };
    d.records.push(r);
    byPhone.set(c.phone, r);
    d.customers[c.phone] = c.attempts;
    const id = `in-${c.seq}`;
    byCall.set(id, { r, c });
    const acceptsOffer = d.offerCallbacks && c.takeUpDraw < d.scenario.services[c.serviceId]!.callbackTakeUp;
    const load = d.scenario.services[c.serviceId]!;
    const intent = { serviceId: c.serviceId, language: service.language, acceptsOffer, schedules: c.slotDraw < load.scheduledShare, slotPick: c.slotPick };
    const respond = callerAnswers(questions, intent, {
      offered: () => {
        r.offered = d.offerCallbacks;
        r.ewtSeconds = q.engine.ewtForNew(c.serviceId, scheduler.now());
      },
    });
    await d.driver.simulateInbound(id, { from: c.phone, to: service.callerId, patienceMs: c.patienceMs, respond });
    byCall.delete(id);
    // The flow ended without queueing the caller or registering a callback (e.g. the number was refused).
    if (r.outcome === 'waiting' && r.waitMs === undefined) r.outcome = 'callback-refused';
  };
}
