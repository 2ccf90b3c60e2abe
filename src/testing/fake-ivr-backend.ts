import type { IvrAbandonInput, OfferStep, OfferStepInput } from '../app/reports/events.js';
import type { Instant, OfferPolicy } from '../domain/model.js';
import type { InboundCall } from '../app/ports/call-control.js';
import type { Clock } from '../app/ports/clock.js';
import type {
  IvrBackend, IvrCallbackRequest, IvrCallbackResult, LiveQueueEntry, LiveQueueOutcome, NumberCheck,
  ServiceStatus, SlotChoice,
} from '../app/ivr/ivr-backend.js';

/** A settable clock for IVR tests. */
export class ManualClock implements Clock {
  constructor(public t: Instant = Date.UTC(2026, 0, 5, 9, 0)) {}
  now(): Instant {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface FakeServiceState {
  open: boolean;
  holiday: boolean;
  ewtSeconds: number | null;
  offer: OfferPolicy;
  slots: SlotChoice[];
}

/** One live queue entry the test controls: connect(), abandon(), fail(). */
export class FakeLiveEntry implements LiveQueueEntry {
  readonly outcome: Promise<LiveQueueOutcome>;
  left?: 'callback' | 'hangup';
  /** When true, leave() answers "too late" (an agent is already being connected). */
  tooLate = false;
  private settle!: (o: LiveQueueOutcome) => void;
  constructor(readonly id: string, readonly queuedSince: Instant, readonly serviceId: string, public ewt: number | null) {
    this.outcome = new Promise((resolve) => { this.settle = resolve; });
  }
  ewtSeconds(): number | null {
    return this.ewt;
  }
  async leave(reason: 'callback' | 'hangup'): Promise<boolean> {
    if (this.tooLate) return false;
    this.left = reason;
    return true;
  }
  connect(): void { this.settle({ kind: 'connected' }); }
  abandon(): void { this.settle({ kind: 'abandoned' }); }
  fail(reason = 'test'): void { this.settle({ kind: 'failed', reason }); }
}

const DEFAULT_OFFER: OfferPolicy = { autoTransferBelowSeconds: 60, upperPlaybackSeconds: 900 };

/** In-memory IvrBackend: services with settable status and slots, recorded callbacks and queue entries. */
export class FakeIvrBackend implements IvrBackend {
  readonly services = new Map<string, FakeServiceState>();
  readonly callbacks: (IvrCallbackRequest & { id: string })[] = [];
  readonly entries: FakeLiveEntry[] = [];
  readonly transfers: string[] = [];
  readonly warnings: object[] = [];
  refuseCallback?: { code: string; message: string };
  transferOk = true;
  /** Called with each new entry, so a test can connect or abandon it. */
  onEnqueue?: (entry: FakeLiveEntry) => void;
  readonly logger = { info: () => undefined, warn: (o: object) => { this.warnings.push(o); } };

  constructor(readonly clock: ManualClock = new ManualClock(), serviceIds = ['billing', 'tech-support', 'sales']) {
    for (const id of serviceIds) {
      this.services.set(id, { open: true, holiday: false, ewtSeconds: 300, offer: { ...DEFAULT_OFFER }, slots: [] });
    }
  }

  service(id: string): FakeServiceState {
    const s = this.services.get(id);
    if (!s) throw new Error(`fake backend: unknown service ${id}`);
    return s;
  }

  serviceStatus(serviceId: string): ServiceStatus {
    const s = this.service(serviceId);
    return { open: s.open, holiday: s.holiday, ewtSeconds: s.ewtSeconds, offer: s.offer };
  }

  async nextSlots(serviceId: string, _now: Instant, n: number): Promise<SlotChoice[]> {
    return this.service(serviceId).slots.slice(0, n);
  }

  async closestSlots(serviceId: string, _now: Instant, localTime: string, n: number): Promise<SlotChoice[]> {
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    const target = minutes(localTime);
    return [...this.service(serviceId).slots]
      .sort((a, b) => Math.abs(minutes(a.localTime) - target) - Math.abs(minutes(b.localTime) - target))
      .slice(0, n);
  }

  async requestCallback(req: IvrCallbackRequest): Promise<IvrCallbackResult> {
    if (this.refuseCallback) return { ok: false, ...this.refuseCallback };
    const id = `cb-${this.callbacks.length + 1}`;
    this.callbacks.push({ ...req, id });
    return { ok: true, id };
  }

  /** Accepts digits-only numbers of 6..15 digits (optionally with +); "00" and "+" prefixes kept simple. */
  checkNumber(raw: string): NumberCheck {
    const digits = raw.replace(/^\+/, '');
    if (!/^\d{6,15}$/.test(digits)) return { ok: false, code: 'INVALID_NUMBER' };
    return { ok: true, e164: `+${digits.replace(/^0+/, '49')}` };
  }

  async enqueueLiveCall(_call: InboundCall, serviceId: string, opts: { language: string; queuedSince?: Instant; callInId?: string }): Promise<LiveQueueEntry> {
    const entry = new FakeLiveEntry(`live-${this.entries.length + 1}`, opts.queuedSince ?? this.clock.now(), serviceId, this.service(serviceId).ewtSeconds);
    this.entries.push(entry);
    this.onEnqueue?.(entry);
    return entry;
  }

  readonly offerSteps: { step: OfferStep; e: OfferStepInput }[] = [];
  async recordOffer(step: OfferStep, e: OfferStepInput): Promise<void> {
    this.offerSteps.push({ step, e });
  }

  readonly ivrAbandons: IvrAbandonInput[] = [];
  async recordIvrAbandon(e: IvrAbandonInput): Promise<void> {
    this.ivrAbandons.push(e);
  }

  async transfer(_call: InboundCall, to: string): Promise<boolean> {
    this.transfers.push(to);
    return this.transferOk;
  }
}
