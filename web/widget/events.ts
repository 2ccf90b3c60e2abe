/** Lifecycle events for the host page, with counters and elapsed times, via onEvent and a DOM CustomEvent. */
import type { HoldlessEvent, WidgetOptions } from './options.js';

type Counters = HoldlessEvent['counters'];
export type StateFlags = HoldlessEvent['state'];
type Extra = Partial<Pick<HoldlessEvent, 'stage' | 'error' | 'scheduledFor' | 'callbackId'>>;

const COUNTED: Record<HoldlessEvent['type'], keyof Counters | null> = {
  opened: 'opened', submitted: 'submitted', confirmed: 'confirmed', cancelled: 'cancelled', error: 'errors', closed: null,
};

export class Lifecycle {
  readonly counters: Counters = { opened: 0, submitted: 0, confirmed: 0, cancelled: 0, errors: 0 };
  private loadedAt = performance.now();
  private openedAt: number | null = null;
  private submittedAt: number | null = null;
  callbackId: string | null = null;

  constructor(private options: () => WidgetOptions, private flags: () => StateFlags) {}

  emit(type: HoldlessEvent['type'], extra: Extra = {}): HoldlessEvent {
    const now = performance.now();
    if (type === 'opened') { this.openedAt = now; this.submittedAt = null; }
    if (type === 'submitted') this.submittedAt = now;
    const counter = COUNTED[type];
    if (counter) this.counters[counter] += 1;
    const event: HoldlessEvent = {
      type,
      at: new Date().toISOString(),
      serviceId: this.options().service,
      callbackId: this.callbackId,
      ...extra,
      state: this.flags(),
      counters: { ...this.counters },
      elapsedMs: {
        sinceLoad: Math.round(now - this.loadedAt),
        sinceOpen: this.openedAt === null ? null : Math.round(now - this.openedAt),
        sinceSubmit: this.submittedAt === null ? null : Math.round(now - this.submittedAt),
      },
    };
    // A failing host callback must not break the widget.
    try { this.options().onEvent?.(event); } catch (e) { console.error('holdless onEvent failed', e); }
    window.dispatchEvent(new CustomEvent('holdless:event', { detail: event }));
    return event;
  }
}
