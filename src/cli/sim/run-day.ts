/**
 * One simulated day through the real engine: buildApp over an in-memory SQLite store, the
 * simulated telephony driver and the app clock both on a VirtualScheduler (draining async work after each timer). Callers are put
 * straight into the queue (enqueueLiveCall) or, when offered a callback and accepting, become
 * IVR callback requests (requestCallback) that keep their place in line.
 */
import { pino } from 'pino';
import { requestCallback } from '../../app/callbacks/request-callback.js';
import type { AppConfig } from '../../adapters/config/types.js';
import { SimulatedCallControl, type CustomerScript } from '../../adapters/telephony/simulated/index.js';
import { wavPromptLengths } from '../../adapters/telephony/simulated/wav-lengths.js';
import { buildApp } from '../../build-app.js';
import { VirtualScheduler } from '../../sim/scheduler.js';
import { seededRandom } from '../../sim/random.js';
import { withoutInbound } from './without-inbound.js';
import { ivrIngress } from './ivr-ingress.js';
import { daySummary, recordOffer } from './day-summary.js';
import type { SummaryRow } from '../../app/reports/summary-row.js';
import { type CallbackTotals, type CallerRecord, type DayFigures, OccupancyMeter, figures } from './metrics.js';
import type { DayPlan, PlannedCaller, PlannedShift } from './plan.js';
import type { Scenario } from './scenario.js';

export interface RunOptions {
  offerCallbacks: boolean;
  /** 'ivr': callers ring the line and go through the inbound flow (ivr-ingress.ts); 'queue': straight into the queue, the offer rule applied here. */
  ingress?: 'queue' | 'ivr';
  /** Read the callback summary of the day from the run's event log (default true; a sweep does not print it). */
  summary?: boolean;
  /** Share of the virtual day done, 0..1 (called often: throttle the drawing). */
  onProgress?: (share: number) => void;
}

export interface DayRun {
  figures: DayFigures;
  records: CallerRecord[];
  /** Every customer dial the driver received, and every attempt the database holds. */
  dials: { callId: string; to: string }[];
  attempts: { callbackId: string; number: number; callId: string; outcome?: string }[];
  callbackStates: Record<string, string>;
  errors: string[];
  events: number;
  /** The callback summary of the day from the run's event log (the report block `simulate` prints); empty when not asked for. */
  summary: SummaryRow[];
}

/** Access code digits from the run's own seeded stream (the app's default is a CSPRNG): the day repeats. */
const seededDigits = (random: () => number) => (length: number): string =>
  Array.from({ length }, () => String(Math.floor(random() * 10))).join('');

const CLOSED: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'EXPIRED', 'CANCELLED']);

export async function runDay(config: AppConfig, scenario: Scenario, plan: DayPlan, opts: RunOptions): Promise<DayRun> {
  let inflight = 0;
  const scheduler = new VirtualScheduler(plan.start, () => inflight > 0);
  const customers: Record<string, CustomerScript[]> = {};
  const driver = new SimulatedCallControl({
    scheduler, random: seededRandom(scenario.seed + 1), customers, customerMix: scenario.callProgress,
    defaultAgent: { answers: true, ringMs: scenario.agentRingSeconds * 1000 },
    // Each prompt plays as long as its recording: menus, offer and hold loop take their real time.
    promptMs: wavPromptLengths(config.telephony.promptsDir),
  });
  const simConfig: AppConfig = {
    ...config,
    storage: { path: ':memory:', synchronous: 'NORMAL', groupCommitMaxDelayMs: 0 },
    agents: plan.shifts.map((s) => s.agent),
  };
  const app = await buildApp(simConfig, {
    clock: scheduler, accessDigits: seededDigits(seededRandom(scenario.seed + 2)), telephony: opts.ingress === 'ivr' ? driver : withoutInbound(driver), logger: pino({ level: 'silent' }), queueOptions: { autoPoll: false },
  });
  const { ctx, store } = app.parts;
  const q = app.parts.queue!.system;
  // Count writes in flight so the scheduler drains every await chain before time moves on.
  const write = store.write.bind(store);
  store.write = (work) => { inflight++; return write(work).finally(() => { inflight--; }); };
  await q.start();

  const errors: string[] = [];
  const note = (e: unknown) => { if (errors.length < 20) errors.push(e instanceof Error ? e.message : String(e)); };
  q.dialer.onError = note;
  const records: CallerRecord[] = [];
  const byCallback = new Map<string, CallerRecord>();
  const meter = new OccupancyMeter();
  const leaving = new Set<string>();
  const farewell = config.reasonCodes[0] ?? 'LOGIN';

  for (const { agent } of plan.shifts) {
    meter.change(agent.id, 'LOGGED_OUT', plan.start);
    q.board.subscribe(agent.id, (e) => {
      if (e.type === 'state') {
        meter.change(agent.id, e.state.name, e.at);
        if (leaving.has(agent.id) && e.state.name === 'NOT_READY') scheduler.setTimer(0, () => logout(agent.id));
      } else if (e.type === 'connected' && e.interaction.kind === 'callback') {
        const r = byCallback.get(e.interaction.id);
        if (r) r.connectedAt = e.at;
      } else if (e.type === 'offered') {
        scheduler.setTimer(scenario.previewAcceptSeconds * 1000, () => void q.agents.acceptPreview(agent.id).catch(note));
      }
    });
  }

  const logout = (id: string) => {
    const s = q.board.state(id).name;
    try {
      if (s === 'READY' || s === 'NOT_READY') void q.agents.setState(id, 'LOGGED_OUT', undefined).catch(note);
      else if (s !== 'LOGGED_OUT') void q.agents.setState(id, 'NOT_READY', farewell).catch(note); // applied after the call
    } catch (e) { note(e); }
  };
  const shift = (s: PlannedShift) => {
    scheduler.setTimer(s.from - plan.start, () => { try { void q.agents.setState(s.agent.id, 'READY', undefined).catch(note); } catch (e) { note(e); } });
    scheduler.setTimer(s.to - plan.start, () => { leaving.add(s.agent.id); logout(s.agent.id); });
  };
  plan.shifts.forEach(shift);

  const arrive = async (c: PlannedCaller) => {
    const now = scheduler.now();
    const service = ctx.catalog.service(c.serviceId);
    const ewt = q.engine.ewtForNew(c.serviceId, now);
    const predictions = q.engine.predictions(c.serviceId, now);
    // The IVR's offer policy: below the auto-transfer threshold the caller is queued without asking.
    const offered = opts.offerCallbacks && (ewt === null || ewt >= service.offer.autoTransferBelowSeconds);
    const r: CallerRecord = { serviceId: c.serviceId, arrivedAt: now, ewtSeconds: ewt, predictions, place: q.engine.index.serviceSize(c.serviceId) + 1, offered, outcome: 'waiting' };
    records.push(r);
    const takesCallback = offered && c.takeUpDraw < scenario.services[c.serviceId]!.callbackTakeUp;
    if (offered) await recordOffer(ctx, c, ewt, takesCallback);
    if (takesCallback) {
      customers[c.phone] = c.attempts;
      r.outcome = 'callback';
      try {
        const made = await requestCallback(ctx, {
          serviceId: c.serviceId, phone: c.phone, channel: 'ivr', queuedSince: now, language: service.language, ewtSeconds: ewt ?? undefined,
        });
        r.callbackId = made.view.id;
        r.promisedDialSeconds = made.view.ewtSeconds;
        r.promisedAt = now;
        byCallback.set(made.view.id, r);
        return;
      } catch (e) {
        note(e);
        r.outcome = 'callback-refused';
        return;
      }
    }
    const call = await driver.simulateInbound(`in-${c.seq}`, { from: c.phone, to: service.callerId, patienceMs: c.patienceMs });
    const entry = await q.enqueueLiveCall(call, c.serviceId, { language: service.language });
    call.startHold(['hold-music'], service.language); // the caller's patience starts now
    void entry.outcome.then((o) => {
      r.waitMs = scheduler.now() - now;
      if (o.kind === 'connected') {
        r.outcome = 'answered';
        scheduler.setTimer(c.talkMs, () => call.remoteHangup());
      } else r.outcome = 'abandoned';
    });
  };
  const ingress = opts.ingress === 'ivr'
    ? ivrIngress({ config: simConfig, scenario, ctx, q, driver, scheduler, customers, records, byCallback, offerCallbacks: opts.offerCallbacks })
    : arrive;
  for (const c of plan.callers) scheduler.setTimer(c.at - plan.start, () => void ingress(c).catch(note));

  const tickMs = scenario.tickSeconds * 1000;
  const span = plan.end - plan.start;
  const tick = () => {
    void q.tick().catch(note);
    opts.onProgress?.((scheduler.now() - plan.start) / span);
    if (scheduler.now() + tickMs <= plan.end) scheduler.setTimer(tickMs, tick);
  };
  scheduler.setTimer(0, tick);
  await scheduler.runUntil(plan.end);
  await app.parts.queue!.stop();
  await scheduler.drain();
  meter.close(plan.end);

  const result = await collect(store, byCallback, driver, records);
  const summary = opts.summary === false ? [] : await daySummary(ctx, config, plan.start, plan.end);
  await store.close();
  const totals: CallbackTotals = { ...result.totals, offered: records.filter((r) => r.offered).length };
  return {
    figures: figures(records, totals, meter.occupancy(), scenario.serviceLevelSeconds),
    records, dials: result.dials, attempts: result.attempts, callbackStates: result.states, errors, events: scheduler.fired, summary,
  };
}

async function collect(store: import('../../app/ports/store.js').Store, byCallback: Map<string, CallerRecord>, driver: SimulatedCallControl, records: CallerRecord[]) {
  const states: Record<string, string> = {};
  const attempts: DayRun['attempts'] = [];
  const outcomes: Record<string, number> = {};
  const count = { successful: 0, failed: 0, expired: 0, cancelled: 0, open: 0 };
  await store.read(async (tx) => {
    for (const id of byCallback.keys()) {
      const cb = (await tx.callbacks.get(id))!;
      states[id] = cb.state;
      if (cb.state === 'COMPLETED') count.successful++;
      else if (cb.state === 'FAILED') count.failed++;
      else if (cb.state === 'EXPIRED') count.expired++;
      else if (cb.state === 'CANCELLED') count.cancelled++;
      else if (!CLOSED.has(cb.state)) count.open++;
      const r = byCallback.get(id)!;
      if (cb.slotStart !== undefined) r.slotStart = cb.slotStart;
      for (const a of await tx.attempts.forCallback(id)) {
        if (a.number === 1) r.firstDialAt = a.claimedAt;
        attempts.push({ callbackId: id, number: a.number, callId: a.callId, outcome: a.outcome });
        const k = a.outcome ?? 'OPEN';
        outcomes[k] = (outcomes[k] ?? 0) + 1;
      }
    }
  });
  const connectWaits = records.filter((r) => r.connectedAt !== undefined).map((r) => (r.connectedAt! - r.arrivedAt) / 1000);
  return {
    states, attempts,
    dials: driver.dials.filter((d) => d.kind === 'customer').map((d) => ({ callId: d.callId, to: d.to })),
    totals: {
      offered: 0, accepted: byCallback.size, ...count, attempts: attempts.length, outcomes,
      meanTimeToConnectSeconds: connectWaits.length ? connectWaits.reduce((a, b) => a + b, 0) / connectWaits.length : null,
    },
  };
}
