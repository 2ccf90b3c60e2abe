/**
 * Prometheus counters folded from the event log: each scrape reads only the events appended since
 * the last one (keyset on seq), so the cost is the new events, and the values are the log's own
 * totals — a restart re-reads the log and the counters carry on from the same numbers.
 */
import type { StoredEvent, Store } from '../../app/ports/store.js';
import { REPORT_EVENTS } from '../../app/reports/events.js';

const OFFER_RESULT: Record<string, string> = {
  [REPORT_EVENTS.offered]: 'offered', [REPORT_EVENTS.accepted]: 'accepted', [REPORT_EVENTS.declined]: 'declined', [REPORT_EVENTS.abandoned]: 'abandoned',
};
const LIVE_RESULT: Record<string, string> = {
  LIVE_QUEUED: 'queued', LIVE_CONNECTED: 'answered', LIVE_ABANDONED: 'abandoned', LIVE_LEFT_FOR_CALLBACK: 'left_for_callback',
};
const TERMINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED']);
const PAGE = 5_000;

export type CounterName = 'offers' | 'requested' | 'attempts' | 'ended' | 'live' | 'push' | 'webhook' | 'dispositions' | 'callIn';

export class EventCounters {
  private lastSeq = 0;
  readonly values = new Map<CounterName, Map<string, { labels: Record<string, string>; n: number }>>();

  constructor(private readonly store: Store, private readonly knownServices: ReadonlySet<string>) {}

  private refreshing: Promise<void> | undefined;

  /** Reads what is new in the log. One read at a time: every counter's collect() asks at once. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => { this.refreshing = undefined; });
    return this.refreshing;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.store.read(async (tx) => await tx.events.between(0, Number.MAX_SAFE_INTEGER, this.lastSeq, PAGE));
      for (const e of page) this.add(e);
      if (page.length) this.lastSeq = page[page.length - 1]!.seq;
      if (page.length < PAGE) return;
    }
  }

  get(name: CounterName): { labels: Record<string, string>; n: number }[] {
    return [...(this.values.get(name)?.values() ?? [])];
  }

  private inc(name: CounterName, labels: Record<string, string>): void {
    let m = this.values.get(name);
    if (!m) this.values.set(name, (m = new Map()));
    const key = JSON.stringify(labels);
    const v = m.get(key);
    if (v) v.n++;
    else m.set(key, { labels, n: 1 });
  }

  add(e: StoredEvent): void {
    // Label values stay bounded: unknown services and free text never become labels.
    const service = e.serviceId && this.knownServices.has(e.serviceId) ? e.serviceId : 'other';
    const d = e.data ?? {};
    if (OFFER_RESULT[e.type]) this.inc('offers', { service, result: OFFER_RESULT[e.type]! });
    else if (LIVE_RESULT[e.type]) this.inc('live', { service, result: LIVE_RESULT[e.type]! });
    else if (e.type === 'CALLBACK_CREATED') this.inc('requested', { service, channel: String(d.channel ?? 'unknown') });
    else if (e.type === 'ATTEMPT_ENDED') this.inc('attempts', { service, outcome: String(d.outcome ?? 'UNKNOWN') });
    else if (e.type === 'CALLBACK_STATE' && e.toState && TERMINAL.has(e.toState)) this.inc('ended', { service, state: e.toState });
    else if (e.type === 'DISPOSITION') this.inc('dispositions', { service, code: String(d.code ?? 'unknown') });
    else if (e.type.startsWith('PUSH_')) this.inc('push', { result: e.type.slice(5).toLowerCase() });
    else if (e.type.startsWith('WEBHOOK_')) this.inc('webhook', { result: e.type.slice(8).toLowerCase() });
    else if (e.type.startsWith('CALL_IN_')) this.inc('callIn', { service, step: e.type.slice(8).toLowerCase() });
  }
}
