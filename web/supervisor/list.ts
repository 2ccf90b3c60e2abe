/** The supervisor's callback list: search (phone, state, service), bulk cancel and reschedule. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError, qs } from '../shared/http.js';
import { localTime } from '../shared/session.js';

interface CallbackItem {
  id: string; serviceId: string; subjectId: string | null; state: string; reason: string | null; channel: string;
  scheduled: { slotStart: string } | null; position: number | null; attempts: number; createdAt: string;
}
interface Slot { start: string; localStart: string; remaining: number }

const OPEN = 'SCHEDULED,QUEUED,RETRY_WAIT,DIALING,CONFIRMING,WAITING_AGENT';
const STATES = ['SCHEDULED', 'QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT', 'CONNECTED', 'COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED'];
const CHANGEABLE = new Set(['SCHEDULED', 'QUEUED', 'RETRY_WAIT']);
const PAGE = 50;

export class CallbackList {
  readonly el: HTMLElement;
  private phone = h('input', { id: 'f-phone', type: 'search', placeholder: '+49…', autocomplete: 'off' });
  private state = h('select', { id: 'f-state' }, h('option', { value: OPEN }, 'Open (all waiting)'), h('option', { value: '' }, 'Any state'),
    STATES.map((s) => h('option', { value: s }, s)));
  private service = h('select', { id: 'f-service' }, h('option', { value: '' }, 'All services'));
  private body = h('tbody');
  private status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  private cancelBtn = h('button', { class: 'btn danger', type: 'button', disabled: true, onclick: () => void this.cancelSelected() }, 'Cancel selected');
  private more = h('button', { class: 'btn', type: 'button', hidden: true, onclick: () => void this.load(true) }, 'Load more');
  private next: string | null = null;
  private selected = new Set<string>();

  constructor(private base: string, private token: string, services: { id: string; name: string }[], private onChange: () => void) {
    services.forEach((s) => this.service.append(h('option', { value: s.id }, s.name)));
    const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
    const form = h('form', { class: 'row', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); void this.load(false); } },
      field('f-phone', 'Phone', this.phone), field('f-state', 'State', this.state), field('f-service', 'Service', this.service),
      h('button', { class: 'btn primary', type: 'submit', style: 'align-self:flex-end;margin-bottom:10px' }, 'Search'));
    this.el = h('section', { class: 'card', 'aria-labelledby': 'cb-title' }, h('h2', { id: 'cb-title' }, 'Callbacks'), form,
      h('div', { class: 'row' }, this.cancelBtn), this.status,
      h('div', { style: 'overflow-x:auto' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, h('span', { class: 'sr' }, 'Select')),
        ['Created', 'Service', 'State', 'Scheduled', 'Position', 'Attempts', 'Channel', 'Id', ''].map((t) => h('th', { scope: 'col' }, t)))), this.body)),
      this.more);
  }

  async load(append: boolean): Promise<void> {
    this.status.textContent = 'Loading…';
    try {
      const page = await api<{ items: CallbackItem[]; next: string | null }>(this.base, 'GET', `/v1/callbacks${qs({
        phone: this.phone.value.trim(), state: this.state.value, service: this.service.value, limit: PAGE, after: append ? this.next ?? undefined : undefined,
      })}`, { token: this.token });
      if (!append) { this.body.replaceChildren(); this.selected.clear(); }
      page.items.forEach((item) => this.body.append(this.row(item)));
      this.next = page.next;
      this.more.hidden = page.next === null;
      const n = this.body.querySelectorAll('tr[data-id]').length;
      this.status.textContent = n === 0 ? 'No callbacks match.' : `${n} callback${n === 1 ? '' : 's'} shown.`;
      this.syncButtons();
    } catch (e) {
      this.status.textContent = (e as Error).message;
    }
  }

  private row(item: CallbackItem): HTMLTableRowElement {
    const box = h('input', {
      type: 'checkbox', 'aria-label': `Select callback ${item.id}`, disabled: !CHANGEABLE.has(item.state),
      onchange: () => { if (box.checked) this.selected.add(item.id); else this.selected.delete(item.id); this.syncButtons(); },
    });
    const tr = h('tr', { 'data-id': item.id, 'data-state': item.state },
      h('td', {}, box), h('td', {}, localTime(item.createdAt)), h('td', {}, item.serviceId),
      h('td', {}, h('span', { class: 'badge' }, item.state), item.reason ? h('div', { class: 'muted' }, item.reason) : null),
      h('td', {}, item.scheduled ? localTime(item.scheduled.slotStart) : '—'), h('td', {}, item.position ?? '—'), h('td', {}, item.attempts),
      h('td', {}, item.channel), h('td', { title: item.id }, h('code', {}, item.id.slice(-8))),
      h('td', {}, CHANGEABLE.has(item.state) ? h('button', { class: 'btn', type: 'button', onclick: () => void this.openReschedule(tr, item) }, 'Reschedule') : null));
    return tr;
  }

  private syncButtons(): void {
    this.cancelBtn.disabled = this.selected.size === 0;
    this.cancelBtn.textContent = this.selected.size ? `Cancel selected (${this.selected.size})` : 'Cancel selected';
  }

  private async cancelSelected(): Promise<void> {
    const ids = [...this.selected];
    if (!ids.length) return;
    this.cancelBtn.disabled = true;
    try {
      const r = await api<{ cancelled: string[]; failed: { id: string; message: string }[] }>(this.base, 'POST', '/v1/callbacks/bulk-cancel', {
        token: this.token, body: { ids, reason: 'SUPERVISOR_CANCELLED' },
      });
      await this.load(false);
      this.status.textContent = `Cancelled ${r.cancelled.length}${r.failed.length ? `; ${r.failed.length} could not be cancelled: ${r.failed.map((f) => f.message).join('; ')}` : ''}.`;
      this.onChange();
    } catch (e) {
      this.status.textContent = (e as Error).message;
      this.syncButtons();
    }
  }

  /** An inline row under the callback: day and time from the service's availability, in the viewer's zone. */
  private async openReschedule(tr: HTMLTableRowElement, item: CallbackItem): Promise<void> {
    tr.nextElementSibling?.classList.contains('resched') && tr.nextElementSibling.remove();
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const cell = h('td', { colspan: 10 }, 'Loading free slots…');
    const panel = h('tr', { class: 'resched' }, cell);
    tr.after(panel);
    const { slots } = await api<{ slots: Slot[] }>(this.base, 'GET', `/v1/services/${encodeURIComponent(item.serviceId)}/availability${qs({ tz })}`);
    const select = h('select', { id: `rs-${item.id}` }, slots.map((s) => h('option', { value: s.start }, `${localTime(s.start)} (${s.remaining} free)`)));
    const msg = h('span', { role: 'status', class: 'muted' });
    const save = async () => {
      try {
        await api(this.base, 'PATCH', `/v1/callbacks/${encodeURIComponent(item.id)}`, { token: this.token, body: { slotStart: select.value } });
        panel.remove();
        await this.load(false);
        this.status.textContent = `Rescheduled to ${localTime(select.value)}.`;
        this.onChange();
      } catch (e) {
        msg.textContent = e instanceof ApiError ? e.message : String(e);
      }
    };
    fill(cell, h('div', { class: 'row' }, h('label', { for: select.id, style: 'margin:0' }, 'New time'), select,
      h('button', { class: 'btn primary', type: 'button', onclick: () => void save() }, 'Save'),
      h('button', { class: 'btn', type: 'button', onclick: () => panel.remove() }, 'Close'), msg));
    select.focus();
  }
}
