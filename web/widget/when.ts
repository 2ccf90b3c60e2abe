/**
 * "When should we call you?": as soon as possible (with the live wait) or a slot picked from the
 * availability API, shown in the visitor's time zone. Slot choices come from the server's answers,
 * never from the browser's clock.
 */
import { fill, h } from '../shared/dom.js';
import { api, qs } from '../shared/http.js';
import type { Texts } from './options.js';

export interface ServiceStatus { open: boolean; ewtSeconds: number | null; offerImmediate: boolean; offerScheduled: boolean; noAgents?: boolean }
export interface Slot { start: string; localStart: string; remaining: number }
export interface Proposal { slotStart: string; localStart: string }

export class WhenPicker {
  readonly el: HTMLFieldSetElement;
  readonly error: HTMLElement;
  private asapHint = h('span', { class: 'hint' });
  private slotBox = h('div', { class: 'slots', hidden: true });
  private day = h('select', { name: 'day' });
  private time = h('select', { name: 'time' });
  private note = h('div', { class: 'hint', role: 'status' });
  private proposals = h('div', { class: 'prop' });
  private slots: Slot[] = [];
  private loaded = false;
  private modeNow: 'asap' | 'slot';

  constructor(private base: string, private serviceId: string, private status: ServiceStatus, private t: Texts, private locale: string | undefined, private tz: string) {
    this.modeNow = status.offerImmediate ? 'asap' : 'slot';
    this.error = h('div', { class: 'err', id: `hl-when-err-${serviceId}` });
    const radio = (mode: 'asap' | 'slot', label: string, hint?: HTMLElement) =>
      h('label', { class: 'opt' }, h('input', {
        type: 'radio', name: 'when', value: mode, checked: this.modeNow === mode, onchange: () => this.setMode(mode),
      }), h('span', {}, label, hint));
    const dayId = `hl-day-${serviceId}`;
    const timeId = `hl-time-${serviceId}`;
    this.day.id = dayId;
    this.time.id = timeId;
    this.day.addEventListener('change', () => this.fillTimes());
    fill(this.slotBox,
      h('div', {}, h('label', { for: dayId }, t.day), this.day),
      h('div', {}, h('label', { for: timeId }, t.time), this.time));
    this.el = h('fieldset', { 'aria-describedby': this.error.id },
      h('legend', {}, t.when),
      status.offerImmediate ? radio('asap', t.asap, this.asapHint) : null,
      status.offerScheduled ? radio('slot', t.later) : null,
      this.slotBox, this.note, this.error, this.proposals);
    this.setWait(status.ewtSeconds, status.noAgents);
    if (this.modeNow === 'slot') void this.setMode('slot');
  }

  mode(): 'asap' | 'slot' { return this.modeNow; }

  /** The chosen slot's UTC start, or undefined for "as soon as possible". */
  slotStart(): string | undefined { return this.modeNow === 'slot' ? this.time.value || undefined : undefined; }

  /** With nobody able to serve, a wait in minutes would be no promise: say so instead. */
  setWait(ewtSeconds: number | null, noAgents = false): void {
    this.asapHint.textContent = noAgents ? this.t.waitNoAgents
      : ewtSeconds === null ? this.t.waitShortly : this.t.waitAbout.replace('{n}', String(Math.max(1, Math.round(ewtSeconds / 60))));
  }

  async setMode(mode: 'asap' | 'slot'): Promise<void> {
    this.modeNow = mode;
    this.slotBox.hidden = mode !== 'slot';
    if (mode === 'slot' && !this.loaded) await this.reload();
  }

  /** Reloads free slots (after SLOT_FULL the taken one disappears) and keeps the choice when still free. */
  async reload(select?: string): Promise<void> {
    const keep = select ?? this.time.value;
    this.note.textContent = this.t.loadingSlots;
    const answer = await api<{ slots: Slot[] }>(this.base, 'GET', `/v1/services/${encodeURIComponent(this.serviceId)}/availability${qs({ tz: this.tz })}`);
    this.slots = answer.slots;
    this.loaded = true;
    this.note.textContent = this.slots.length === 0 ? this.t.noSlots : '';
    const days = [...new Set(this.slots.map((s) => s.localStart.slice(0, 10)))];
    const keptDay = this.slots.find((s) => s.start === keep)?.localStart.slice(0, 10);
    fill(this.day, days.map((d) => h('option', { value: d, selected: d === keptDay }, this.dayLabel(d))));
    this.fillTimes(keep);
  }

  showProposals(list: Proposal[]): void {
    fill(this.proposals, list.length ? h('span', { class: 'hint' }, this.t.proposals) : null, list.map((p) =>
      h('button', { type: 'button', onclick: () => { this.clearError(); void this.reload(p.slotStart); } }, this.slotLabel(p.slotStart, true))));
  }

  clearError(): void {
    this.error.textContent = '';
    fill(this.proposals);
  }

  slotLabel(iso: string, withDay = false): string {
    return new Intl.DateTimeFormat(this.locale, {
      timeZone: this.tz, hour: '2-digit', minute: '2-digit', ...(withDay ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    }).format(new Date(iso));
  }

  private fillTimes(keep?: string): void {
    const day = this.day.value;
    fill(this.time, this.slots.filter((s) => s.localStart.startsWith(day)).map((s) =>
      h('option', { value: s.start, selected: s.start === keep }, this.slotLabel(s.start))));
  }

  private dayLabel(day: string): string {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    // Short month ("Wednesday 2 Dec"): the long one does not fit beside the time at 360 px.
    return new Intl.DateTimeFormat(this.locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'short' }).format(Date.UTC(y, m - 1, d));
  }
}
