/**
 * A day + time picker over a service's availability (with full slots, shown disabled), in the
 * viewer's time zone: each time says how many places are free, and the current slot is marked.
 * Used by the supervisor's and the agent's reschedule.
 */
import { fill, h } from './dom.js';
import { api, qs } from './http.js';

interface Slot { start: string; localStart: string; capacity: number; remaining: number }

let seq = 0;

export class SlotPicker {
  readonly el: HTMLElement;
  readonly day: HTMLSelectElement;
  readonly time: HTMLSelectElement;
  private slots: Slot[] = [];
  private readonly tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

  constructor(private base: string, private serviceId: string, private current: string | null) {
    const n = ++seq;
    this.day = h('select', { id: `sp-day-${n}`, onchange: () => this.fillTimes() });
    this.time = h('select', { id: `sp-time-${n}` });
    this.el = h('div', { class: 'row slot-picker' },
      h('div', { class: 'field' }, h('label', { for: this.day.id }, 'Day'), this.day),
      h('div', { class: 'field' }, h('label', { for: this.time.id }, 'Time'), this.time));
  }

  async load(): Promise<void> {
    const { slots } = await api<{ slots: Slot[] }>(this.base, 'GET', `/v1/services/${encodeURIComponent(this.serviceId)}/availability${qs({ tz: this.tz, includeFull: 'true' })}`);
    this.slots = slots;
    const days = [...new Set(slots.map((s) => s.localStart.slice(0, 10)))];
    const currentDay = slots.find((s) => s.start === this.current)?.localStart.slice(0, 10);
    const firstFree = slots.find((s) => s.remaining > 0 && s.start !== this.current)?.localStart.slice(0, 10);
    fill(this.day, days.map((d) => h('option', { value: d, selected: d === (currentDay ?? firstFree) }, this.dayLabel(d))));
    this.fillTimes();
  }

  /** The chosen slot's UTC start, or '' when none can be chosen. */
  value(): string { return this.time.value; }

  label(iso: string): string {
    return new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  }

  private fillTimes(): void {
    const day = this.day.value;
    const list = this.slots.filter((s) => s.localStart.startsWith(day));
    const pick = list.find((s) => s.remaining > 0 && s.start !== this.current)?.start;
    fill(this.time, list.map((s) => {
      const hhmm = s.localStart.slice(11, 16);
      const isCurrent = s.start === this.current;
      const note = isCurrent ? 'current' : s.remaining > 0 ? `${s.remaining} of ${s.capacity} free` : 'full';
      return h('option', { value: s.start, disabled: isCurrent || s.remaining <= 0, selected: s.start === pick, 'data-current': isCurrent ? '' : undefined }, `${hhmm} · ${note}`);
    }));
  }

  private dayLabel(day: string): string {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'short' }).format(Date.UTC(y, m - 1, d));
  }
}
