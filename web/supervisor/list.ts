/** The supervisor's callback list: whose it is, search (phone in any format, state, service), bulk cancel with confirm and undo, reschedule. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError, qs } from '../shared/http.js';
import { localTime } from '../shared/session.js';
import { SlotPicker } from '../shared/slot-picker.js';
import { CALLBACK_STATE, REASON, word } from '../shared/words.js';

interface CallbackItem {
  id: string; serviceId: string; subjectId: string | null; state: string; reason: string | null; channel: string;
  scheduled: { slotStart: string } | null; position: number | null; attempts: number; createdAt: string;
  customer?: { firstName: string | null; lastName: string | null; customerId: string | null; phone: string; phoneNational: string | null; phoneMasked: boolean; subject: string | null; notes: string | null };
}

const OPEN = 'SCHEDULED,QUEUED,RETRY_WAIT,DIALING,CONFIRMING,WAITING_AGENT';
const STATES = ['SCHEDULED', 'QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT', 'CONNECTED', 'COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED'];
const CHANGEABLE = new Set(['SCHEDULED', 'QUEUED', 'RETRY_WAIT']);
const TERMINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED']);
const PAGE = 50;
const COLUMNS = ['Customer', 'Phone', 'Subject and notes', 'Service', 'State', 'Scheduled', 'Position', 'Attempts', 'Created', ''];
/** The bulk cancel is sent after this delay, so "Undo" can still stop it (a cancelled callback is final). */
export const UNDO_MS = 5000;

export class CallbackList {
  readonly el: HTMLElement;
  private phone = h('input', { id: 'f-phone', type: 'search', placeholder: '089 12345678 or +49…', autocomplete: 'off' });
  private state = h('select', { id: 'f-state' }, h('option', { value: OPEN }, 'Open (all waiting)'), h('option', { value: '' }, 'Any state'),
    STATES.map((s) => h('option', { value: s }, word(CALLBACK_STATE, s))));
  private service = h('select', { id: 'f-service' }, h('option', { value: '' }, 'All services'));
  private body = h('tbody');
  private status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  private all = h('input', { type: 'checkbox', 'aria-label': 'Select all callbacks that can be cancelled', onchange: () => this.selectAll(this.all.checked) });
  private cancelBtn = h('button', { class: 'btn danger', type: 'button', disabled: true, onclick: () => this.askCancel() }, 'Cancel selected');
  private bar = h('div', { 'data-bulk': '' });
  private more = h('button', { class: 'btn', type: 'button', hidden: true, onclick: () => void this.load(true) }, 'Load more');
  private next: string | null = null;
  private selected = new Set<string>();
  private names: Map<string, string>;

  constructor(private base: string, private token: string, services: { id: string; name: string }[], private onChange: () => void) {
    this.names = new Map(services.map((s) => [s.id, s.name]));
    services.forEach((s) => this.service.append(h('option', { value: s.id }, s.name)));
    const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
    const form = h('form', { class: 'row', role: 'search', 'aria-label': 'Find callbacks', onsubmit: (e: Event) => { e.preventDefault(); void this.load(false); } },
      field('f-phone', 'Phone', this.phone), field('f-state', 'State', this.state), field('f-service', 'Service', this.service),
      h('button', { class: 'btn primary', type: 'submit', style: 'align-self:flex-end;margin-bottom:10px' }, 'Search'));
    this.el = h('section', { class: 'card', 'aria-labelledby': 'cb-title' }, h('h2', { id: 'cb-title' }, 'Callbacks'), form,
      h('div', { class: 'row' }, this.cancelBtn), this.bar, this.status,
      h('div', { class: 'scroll' }, h('table', { class: 'cbs', 'aria-labelledby': 'cb-title' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, this.all),
        COLUMNS.map((t) => h('th', { scope: 'col' }, t ? t : h('span', { class: 'sr' }, 'Actions'))))), this.body)),
      this.more);
  }

  async load(append: boolean): Promise<void> {
    this.status.textContent = 'Loading…';
    try {
      const page = await api<{ items: CallbackItem[]; next: string | null }>(this.base, 'GET', `/v1/callbacks${qs({
        phone: this.phone.value.trim(), state: this.state.value, service: this.service.value, limit: PAGE, after: append ? this.next ?? undefined : undefined,
      })}`, { token: this.token });
      if (!append) { this.body.replaceChildren(); this.selected.clear(); this.all.checked = false; }
      page.items.forEach((item) => this.body.append(this.row(item)));
      this.next = page.next;
      this.more.hidden = page.next === null;
      const n = this.body.querySelectorAll('tr[data-id]').length;
      if (n === 0) this.body.append(h('tr', { 'data-empty': '' }, h('td', { colspan: COLUMNS.length + 1, class: 'muted empty' }, 'No callbacks match this search.')));
      this.status.textContent = n === 0 ? 'No callbacks match.' : `${n} callback${n === 1 ? '' : 's'} shown.`;
      this.syncButtons();
    } catch (e) {
      this.status.textContent = (e as Error).message;
    }
  }

  private row(item: CallbackItem): HTMLTableRowElement {
    const c = item.customer;
    const name = c ? [c.firstName, c.lastName].filter(Boolean).join(' ') : '';
    const who = name || 'No name given';
    const box = h('input', {
      type: 'checkbox', 'aria-label': `Select callback of ${who} (${item.id.slice(-8)})`, 'data-select': item.id, disabled: !CHANGEABLE.has(item.state),
      onchange: () => { if (box.checked) this.selected.add(item.id); else this.selected.delete(item.id); this.syncButtons(); },
    });
    const phone = c ? (c.phoneMasked ? h('span', { title: 'Your role may not see full numbers' }, c.phone) : h('a', { href: `tel:${c.phone}`, title: c.phone }, c.phoneNational ?? c.phone)) : '—';
    const reason = TERMINAL.has(item.state) && item.reason ? h('span', { class: 'cell-sub' }, word(REASON, item.reason)) : null;
    const tr = h('tr', { 'data-id': item.id, 'data-state': item.state },
      h('td', { class: 'sel' }, box),
      h('td', { 'data-col': 'customer' }, name || h('span', { class: 'muted' }, who), c?.customerId ? h('span', { class: 'cell-sub' }, c.customerId) : null),
      h('td', { class: 'nowrap', 'data-col': 'phone' }, phone),
      h('td', { 'data-col': 'subject' }, c?.subject ?? '—', c?.notes ? h('span', { class: 'cell-sub notes', title: c.notes }, c.notes) : null),
      h('td', {}, this.names.get(item.serviceId) ?? item.serviceId),
      h('td', { 'data-col': 'state' }, h('span', { class: 'badge' }, word(CALLBACK_STATE, item.state)), reason),
      h('td', { class: 'nowrap' }, item.scheduled ? localTime(item.scheduled.slotStart) : '—'), h('td', {}, item.position ?? '—'), h('td', {}, item.attempts),
      h('td', { class: 'nowrap', title: `id ${item.id}, ${item.channel}` }, localTime(item.createdAt)),
      h('td', {}, CHANGEABLE.has(item.state) ? h('button', { class: 'btn', type: 'button', onclick: () => void this.openReschedule(tr, item) }, 'Reschedule') : null));
    // Column names on each cell: on a phone the rows are shown as cards, labelled by these.
    [...tr.cells].slice(1).forEach((td, i) => td.setAttribute('data-label', COLUMNS[i] ?? ''));
    return tr;
  }

  private selectAll(on: boolean): void {
    for (const box of this.body.querySelectorAll<HTMLInputElement>('input[data-select]:not(:disabled)')) {
      box.checked = on;
      if (on) this.selected.add(box.dataset.select!);
      else this.selected.delete(box.dataset.select!);
    }
    this.syncButtons();
  }

  private syncButtons(): void {
    this.cancelBtn.disabled = this.selected.size === 0;
    this.cancelBtn.textContent = this.selected.size ? `Cancel selected (${this.selected.size})` : 'Cancel selected';
  }

  /** Asks first; then waits UNDO_MS with an Undo button before anything is sent. */
  private askCancel(): void {
    const ids = [...this.selected];
    if (!ids.length) return;
    const n = `${ids.length} callback${ids.length === 1 ? '' : 's'}`;
    const no = h('button', { class: 'btn', type: 'button', onclick: () => { fill(this.bar); this.cancelBtn.focus(); } }, 'Keep them');
    const yes = h('button', { class: 'btn danger', type: 'button', onclick: () => this.scheduleCancel(ids, n) }, `Yes, cancel ${n}`);
    fill(this.bar, h('p', { class: 'row confirm', role: 'alertdialog', 'aria-label': 'Confirm cancel' }, `Cancel ${n}? The customers will not be called.`, yes, no));
    no.focus();
  }

  private scheduleCancel(ids: string[], n: string): void {
    this.cancelBtn.disabled = true;
    const timer = setTimeout(() => void this.cancel(ids), UNDO_MS);
    const undo = h('button', { class: 'btn', type: 'button', onclick: () => {
      clearTimeout(timer);
      fill(this.bar);
      this.status.textContent = `Kept ${n}: nothing was cancelled.`;
      this.syncButtons();
      this.cancelBtn.focus();
    } }, 'Undo');
    fill(this.bar, h('p', { class: 'row undo', role: 'status' }, `Cancelling ${n} in ${UNDO_MS / 1000} seconds…`, undo));
    undo.focus();
  }

  private async cancel(ids: string[]): Promise<void> {
    fill(this.bar);
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

  /** An inline row under the callback: day and time with free places, the current slot marked. */
  private async openReschedule(tr: HTMLTableRowElement, item: CallbackItem): Promise<void> {
    if (tr.nextElementSibling?.classList.contains('resched')) tr.nextElementSibling.remove();
    const cell = h('td', { colspan: COLUMNS.length + 1 }, 'Loading free slots…');
    const panel = h('tr', { class: 'resched' }, cell);
    tr.after(panel);
    const picker = new SlotPicker(this.base, item.serviceId, item.scheduled?.slotStart ?? null);
    await picker.load();
    const msg = h('span', { role: 'status', class: 'muted' });
    const save = async () => {
      const slot = picker.value();
      if (!slot) { msg.textContent = 'Pick a free time.'; return; }
      try {
        await api(this.base, 'PATCH', `/v1/callbacks/${encodeURIComponent(item.id)}`, { token: this.token, body: { slotStart: slot } });
        panel.remove();
        await this.load(false);
        this.status.textContent = `Rescheduled to ${localTime(slot)}.`;
        this.onChange();
      } catch (e) {
        msg.textContent = e instanceof ApiError ? e.message : String(e);
      }
    };
    fill(cell, h('div', { class: 'row', role: 'group', 'aria-label': 'New time' },
      item.scheduled ? h('span', { class: 'muted' }, `Now: ${localTime(item.scheduled.slotStart)}`) : h('span', { class: 'muted' }, 'Now: as soon as possible'),
      picker.el,
      h('button', { class: 'btn primary', type: 'button', onclick: () => void save() }, 'Save'),
      h('button', { class: 'btn', type: 'button', onclick: () => panel.remove() }, 'Close'), msg));
    picker.day.focus();
  }
}
