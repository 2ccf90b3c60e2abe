/** Test harness: the real app over a temp SQLite file, a fake clock, and a hand-driven telephony fake. */
import type {
  CallControl, CallLeg, DialAgentRequest, DialAgentResult, DialCustomerRequest, DialCustomerResult, DialTiming, HangupCause, InboundCall, MediaResult,
} from '../../src/app/ports/call-control.js';
import type { AppConfig } from '../../src/adapters/config/types.js';
import { buildApp, type App } from '../../src/build-app.js';
import type { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { requestCallback, type CallbackRequest } from '../../src/app/callbacks/request-callback.js';
import type { QueueSystem } from '../../src/app/queue/queue-system.js';
import type { Callback } from '../../src/domain/model.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { testConfig, testService } from '../../src/testing/test-config.js';

export class FakeLeg implements CallLeg {
  ended = false;
  held = false;
  private listeners: ((c: HangupCause) => void)[] = [];
  constructor(readonly id: string) {}
  async play(): Promise<MediaResult> { return this.ended ? { kind: 'hangup' } : { kind: 'done' }; }
  async playCollect() { return this.ended ? { kind: 'hangup' as const } : { kind: 'timeout' as const }; }
  startHold(): void { this.held = true; }
  async stopHold(): Promise<void> { this.held = false; }
  async hangup(): Promise<void> { this.end('local'); }
  onHangup(l: (c: HangupCause) => void): void { this.listeners.push(l); }
  end(cause: HangupCause = 'remote'): void {
    if (this.ended) return;
    this.ended = true;
    for (const l of this.listeners) l(cause);
  }
}

export class FakeInbound extends FakeLeg implements InboundCall {
  constructor(id: string, readonly from = '+493099999999', readonly to = '+4930100') { super(id); }
  async answer(): Promise<void> {}
  async reject(): Promise<void> {}
}

type CustomerAnswer = DialCustomerResult['outcome'] | 'HANG';

/** Scripted outcomes: per number a list (one per attempt, last repeats); default PERSON. */
export class FakeTelephony implements CallControl {
  readonly dials: DialCustomerRequest[] = [];
  readonly agentDials: DialAgentRequest[] = [];
  readonly customerLegs = new Map<string, FakeLeg>();
  readonly agentLegs = new Map<string, FakeLeg>();
  script = new Map<string, CustomerAnswer[]>();
  agentScript = new Map<string, ('ANSWERED' | 'NO_ANSWER')[]>();
  exists = new Map<string, 'yes' | 'no' | 'unknown'>();
  up = true;
  /** The driver's timing to report with each outcome (reports: ring and confirmation time). */
  timing?: (req: DialCustomerRequest, outcome: DialCustomerResult['outcome']) => DialTiming | undefined;
  /** Called at dial time, before the outcome (assert the claim is committed). */
  onDial?: (req: DialCustomerRequest) => void | Promise<void>;

  links() { return { signalling: this.up ? 'up' as const : 'down' as const, media: this.up ? 'up' as const : 'down' as const }; }
  canDial(): boolean { return this.up; }
  async dialCustomer(req: DialCustomerRequest): Promise<DialCustomerResult> {
    this.dials.push(req);
    await this.onDial?.(req);
    const list = this.script.get(req.to) ?? ['PERSON'];
    const n = this.dials.filter((d) => d.to === req.to).length;
    const outcome = list[Math.min(n, list.length) - 1]!;
    if (outcome === 'HANG') return new Promise(() => undefined); // the process "dies" mid-dial
    const timing = this.timing?.(req, outcome);
    if (outcome === 'PERSON') {
      const leg = new FakeLeg(req.callId);
      this.customerLegs.set(req.callId, leg);
      return { outcome, leg, ...(timing ? { timing } : {}) };
    }
    return { outcome, ...(timing ? { timing } : {}) };
  }
  async dialAgent(req: DialAgentRequest): Promise<DialAgentResult> {
    this.agentDials.push(req);
    const list = this.agentScript.get(req.agentId) ?? ['ANSWERED'];
    const n = this.agentDials.filter((d) => d.agentId === req.agentId).length;
    const outcome = list[Math.min(n, list.length) - 1]!;
    if (outcome !== 'ANSWERED') return { outcome };
    const leg = new FakeLeg(req.callId);
    this.agentLegs.set(req.agentId, leg);
    return { outcome, leg };
  }
  bridge(a: CallLeg, b: CallLeg): Promise<MediaResult> {
    return new Promise((resolve) => {
      const done = () => { void a.hangup(); void b.hangup(); resolve({ kind: 'hangup' }); };
      a.onHangup(done);
      b.onHangup(done);
    });
  }
  onInboundCall(): void {}
  async callExists(callId: string) { return this.exists.get(callId) ?? 'no'; }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

// Monday 2 March 2026, 10:00 in Berlin (09:00 UTC).
export const MONDAY_10 = Date.parse('2026-03-02T09:00:00Z');

/** The stores of the harnesses in use: settle() waits for their WAL fsyncs (a thread-pool job, not a turn). */
const stores = new Set<SqliteStore>();
/** An app built without harness() whose writes settle() must wait for; untracked by its close. */
export function trackStore(store: SqliteStore | undefined): () => void {
  if (store) stores.add(store);
  return () => { if (store) stores.delete(store); };
}

export const settle = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setImmediate(r));
    await Promise.all([...stores].map(async (s) => { await s.syncer?.idle(); }));
  }
};

export interface Harness {
  app: App;
  q: QueueSystem;
  clock: FakeClock;
  tel: FakeTelephony;
  config: AppConfig;
  request(over?: Partial<CallbackRequest>): Promise<string>;
  cb(id: string): Callback;
  tick(): Promise<void>;
  advance(ms: number): Promise<void>;
  ready(agentId: string): void;
  close(): Promise<void>;
}

export function harnessConfig(over: Partial<AppConfig> = {}): AppConfig {
  const base = testConfig();
  return {
    ...base,
    services: [testService(), testService({ id: 'sales', name: 'Sales', dialMode: 'unreserved', skills: { allOf: [{ skill: 'sales', minLevel: 1 }], anyOf: [], expansion: [] } }),
      testService({ id: 'care', name: 'Care', dialMode: 'preview', skills: { allOf: [{ skill: 'care', minLevel: 1 }], anyOf: [], expansion: [] } })],
    subjects: [...base.subjects, { id: 'care-q', label: 'Care question', serviceId: 'care', extraSkills: [] }],
    agents: [
      { id: 'alice', name: 'Alice', sip: 'sip:alice@127.0.0.1', skills: { billing: 2, sales: 1, care: 1 }, groups: [] },
      { id: 'bob', name: 'Bob', sip: 'sip:bob@127.0.0.1', skills: { billing: 1, sales: 1, care: 1 }, groups: [] },
    ],
    ...over,
  };
}

export async function harness(opts: { config?: AppConfig; clock?: FakeClock; tel?: FakeTelephony; unknownGraceMs?: number } = {}): Promise<Harness> {
  const config = opts.config ?? harnessConfig();
  const clock = opts.clock ?? new FakeClock(MONDAY_10);
  const tel = opts.tel ?? new FakeTelephony();
  const app = await buildApp(config, {
    clock, telephony: tel,
    queueOptions: { autoPoll: false, dialer: { dialsPerSecond: 1000, burst: 1000, unknownGraceMs: opts.unknownGraceMs } },
  });
  const q = app.parts.queue!.system;
  const sqlite = app.parts.sqlite;
  if (sqlite) stores.add(sqlite);
  await q.start();
  let n = 0;
  const h: Harness = {
    app, q, clock, tel, config,
    async request(over = {}) {
      n++;
      const r = await requestCallback(app.parts.ctx, { serviceId: 'billing', phone: `+4930123456${String(n).padStart(2, '0')}`, channel: 'api', ...over });
      return r.view.id;
    },
    cb: (id) => app.parts.sqlite!.sync.callbacks.get(id)!,
    async tick() {
      await q.tick();
      await settle();
    },
    async advance(ms) {
      clock.advance(ms);
      await h.tick();
    },
    ready(agentId) {
      void q.agents.setState(agentId, 'READY', undefined); // applied at once; the view it answers is not needed
    },
    async close() {
      await app.parts.queue!.stop();
      await settle();
      await app.parts.store.close();
      if (sqlite) stores.delete(sqlite);
    },
  };
  return h;
}
