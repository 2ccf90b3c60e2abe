/**
 * Under the interaction: the disposition (saved once, shown as saved, kept in the activity) and
 * "book another time" for the customer with the slot picker. What the agent typed survives the
 * redraws that live updates cause (a draft per interaction).
 */
import { h } from '../shared/dom.js';
import { SlotPicker } from '../shared/slot-picker.js';
import type { AgentView, Codes } from './types.js';

export interface AfterCallHost {
  act(fn: () => Promise<unknown>): Promise<boolean>;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  say(text: string): void;
  logLine(text: string): void;
}

const drafts = new Map<string, { code: string; notes: string }>();

export function afterCallForm(ws: AfterCallHost, view: AgentView, codes: Codes): HTMLElement | null {
  const i = view.interaction;
  if (!i) return null;
  const parts: HTMLElement[] = [];
  const canDispose = view.state.name === 'WRAP_UP' || view.state.name === 'ON_CALL';
  if (i.disposition) {
    parts.push(h('p', { class: 'saved', 'data-disposition-saved': '' }, `✓ Disposition saved: ${i.disposition.code}${i.disposition.notes ? ` — ${i.disposition.notes}` : ''}`));
  } else if (canDispose) {
    parts.push(dispositionForm(ws, i.id, codes));
  }
  if (i.kind === 'callback' && (i.phase === 'offered' || i.phase === 'connected' || i.phase === 'wrap-up')) parts.push(reschedule(ws, i.serviceId));
  return parts.length ? h('div', { class: 'after-call' }, parts) : null;
}

function dispositionForm(ws: AfterCallHost, interactionId: string, codes: Codes): HTMLElement {
  const draft = drafts.get(interactionId) ?? { code: '', notes: '' };
  const code = h('select', { id: 'disp-code', required: true }, h('option', { value: '' }, 'Choose…'),
    codes.dispositionCodes.map((c) => h('option', { value: c, selected: c === draft.code }, c)));
  const notes = h('textarea', { id: 'disp-notes', rows: 2, maxlength: 2000 });
  notes.value = draft.notes;
  const keep = () => drafts.set(interactionId, { code: code.value, notes: notes.value });
  code.addEventListener('change', keep);
  notes.addEventListener('input', keep);
  const save = h('button', { class: 'btn primary', type: 'submit' }, 'Save disposition');
  const error = h('p', { class: 'error', role: 'alert' });
  return h('form', {
    class: 'card inset',
    onsubmit: async (e: Event) => {
      e.preventDefault();
      if (save.disabled) return;
      error.textContent = '';
      if (!code.value) { error.textContent = 'Choose a disposition code.'; code.focus(); return; }
      const body = { code: code.value, ...(notes.value.trim() ? { notes: notes.value.trim() } : {}) };
      save.disabled = true;
      save.textContent = 'Saving…';
      const ok = await ws.act(() => ws.call('POST', '/disposition', body));
      if (!ok) { save.disabled = false; save.textContent = 'Save disposition'; return; }
      drafts.delete(interactionId);
      const text = `Disposition saved: ${body.code}${body.notes ? ` — ${body.notes}` : ''}`;
      ws.say(`✓ ${text}`);
      ws.logLine(text);
    },
  }, h('h3', { style: 'margin-top:0' }, 'Disposition'),
  h('div', { class: 'field' }, h('label', { for: 'disp-code' }, 'Disposition code'), code),
  h('div', { class: 'field' }, h('label', { for: 'disp-notes' }, 'Notes'), notes), error, save);
}

function reschedule(ws: AfterCallHost, serviceId: string): HTMLElement {
  const box = h('details', { class: 'card inset', 'data-reschedule': '' });
  const status = h('p', { role: 'status', class: 'muted' });
  const picker = new SlotPicker(location.origin, serviceId, null);
  const book = h('button', { class: 'btn primary', type: 'button' }, 'Book this time');
  book.addEventListener('click', async () => {
    const slot = picker.value();
    if (!slot) { status.textContent = 'Pick a free time.'; return; }
    book.disabled = true;
    const ok = await ws.act(() => ws.call('POST', '/reschedule', { slotStart: slot }));
    book.disabled = false;
    if (!ok) return;
    const text = `Callback booked for ${picker.label(slot)}`;
    ws.say(`✓ ${text}`);
    ws.logLine(text);
  });
  let loaded = false;
  box.addEventListener('toggle', () => {
    if (!box.open || loaded) return;
    loaded = true;
    status.textContent = 'Loading free times…';
    picker.load().then(() => { status.textContent = ''; }, (e: Error) => { status.textContent = e.message; loaded = false; });
  });
  box.append(h('summary', {}, 'Book the customer another time'), picker.el, h('div', { class: 'row' }, book), status);
  return box;
}
