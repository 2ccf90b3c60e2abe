/** The detail list: one row per callback with its outcome; search, load more, CSV/NDJSON export. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError, qs } from '../shared/http.js';
import { localTime } from '../shared/session.js';
import { download } from './download.js';
import type { Period } from './history.js';
import type { Ctx, DetailRow } from './types.js';

const STATES = ['SCHEDULED', 'QUEUED', 'RETRY_WAIT', 'DIALING', 'CONFIRMING', 'WAITING_AGENT', 'CONNECTED', 'COMPLETED', 'CANCELLED', 'FAILED', 'EXPIRED'];
const CHANNELS = ['ivr', 'web', 'api', 'call-in', 'agent', 'admin'];

export class DetailList {
  readonly el: HTMLElement;
  private phone = h('input', { id: 'd-phone', type: 'search', placeholder: '+49…', autocomplete: 'off' });
  private state = h('select', { id: 'd-state' }, h('option', { value: '' }, 'Any state'), STATES.map((s) => h('option', { value: s }, s)));
  private channel = h('select', { id: 'd-channel' }, h('option', { value: '' }, 'Any channel'), CHANNELS.map((c) => h('option', { value: c }, c)));
  private body = h('tbody');
  private status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  private more = h('button', { class: 'btn', type: 'button', hidden: true, onclick: () => void this.load(true) }, 'Load more');
  private next: string | null = null;
  private period?: Period;

  constructor(private readonly c: Ctx) {
    const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
    const form = h('form', { class: 'row', role: 'search', onsubmit: (e: Event) => { e.preventDefault(); void this.load(false); } },
      field('d-phone', 'Phone', this.phone), field('d-state', 'State', this.state), field('d-channel', 'Channel', this.channel),
      h('button', { class: 'btn primary', type: 'submit', style: 'align-self:flex-end;margin-bottom:10px' }, 'Search'));
    const exportBtn = (format: 'csv' | 'ndjson', label: string) =>
      h('button', { class: 'btn', type: 'button', onclick: () => void this.export(format) }, label);
    this.el = h('section', { class: 'card', 'aria-labelledby': 'd-title' }, h('h2', { id: 'd-title' }, 'Callbacks in the period'), form,
      h('div', { class: 'row' }, exportBtn('csv', 'Export CSV'), exportBtn('ndjson', 'Export NDJSON')), this.status,
      h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, h('tr', {}, ['Requested', 'Service', 'Channel', 'Phone', 'Attempts', 'Agent', 'End', 'Disposition'].map((t) => h('th', {}, t)))), this.body)),
      this.more);
  }

  private filters(): Record<string, string | undefined> {
    const p = this.period!;
    return { from: p.from, to: p.to, service: p.service, phone: this.phone.value.trim().replace(/[\s()-]/g, ''), state: this.state.value, channel: this.channel.value };
  }

  async show(p: Period): Promise<void> {
    this.period = p;
    await this.load(false);
  }

  async load(append: boolean): Promise<void> {
    if (!this.period) return;
    try {
      const page = await api<{ rows: DetailRow[]; next: string | null }>(this.c.base, 'GET',
        `/v1/reports/callbacks${qs({ ...this.filters(), limit: 50, after: append ? this.next ?? undefined : undefined })}`, { token: this.c.token });
      if (!append) fill(this.body);
      page.rows.forEach((r) => this.body.append(this.row(r)));
      this.next = page.next;
      this.more.hidden = page.next === null;
      this.status.textContent = `${this.body.children.length} callback${this.body.children.length === 1 ? '' : 's'}${page.next ? ' so far' : ''}.`;
    } catch (e) {
      this.status.textContent = e instanceof ApiError ? e.message : String(e);
    }
  }

  private row(r: DetailRow): HTMLTableRowElement {
    const outcomes = r.attempts.map((a) => a.outcome ?? 'open').join(' → ') || '—';
    return h('tr', { 'data-id': r.id },
      h('td', {}, localTime(r.requestedAt)), h('td', {}, this.c.names.get(r.serviceId) ?? r.serviceId), h('td', {}, r.channel),
      h('td', {}, h('code', {}, r.phone)), h('td', {}, outcomes), h('td', {}, r.agentId ?? '—'),
      h('td', {}, h('span', { class: 'badge' }, r.state), r.endReason ? h('div', { class: 'muted' }, r.endReason) : null),
      h('td', {}, r.disposition?.code ?? '—'));
  }

  private async export(format: 'csv' | 'ndjson'): Promise<void> {
    if (!this.period) return;
    await download(this.c, `/v1/reports/callbacks/export${qs({ ...this.filters(), format })}`, `callbacks.${format}`, this.status);
  }
}
