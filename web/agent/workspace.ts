/** The signed-in workspace: state controls, the interaction, preview and disposition, live over SSE. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError } from '../shared/http.js';
import { localTime } from '../shared/session.js';
import { subscribe } from '../shared/sse.js';
import { phoneText } from '../shared/phone.js';
import { interactionCard } from './interaction.js';
import type { AgentView, Codes } from './types.js';

const LOG_MAX = 30;

export class Workspace {
  readonly el: HTMLElement;
  private badge = h('span', { class: 'badge', 'data-agent-state': '' });
  private since = h('span', { class: 'muted' });
  private live = h('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  private message = h('p', { class: 'error', role: 'alert' });
  private phone = h('p', { class: 'muted', 'data-phone': '' });
  private reason: HTMLSelectElement;
  private readyBtn = h('button', { class: 'btn primary', type: 'button', onclick: () => void this.setState('READY') }, 'Ready');
  private notReadyBtn = h('button', { class: 'btn', type: 'button', onclick: () => void this.setState('NOT_READY', this.reason.value) }, 'Not Ready');
  private interaction = h('section', { class: 'card', 'aria-labelledby': 'int-title', 'aria-live': 'polite' });
  private log = h('ol', { class: 'log', 'aria-label': 'Activity' });
  private wrapTimer = h('p', { class: 'muted', 'data-wrap-up': '', role: 'timer' });
  private tick?: ReturnType<typeof setInterval>;
  private stopStream?: () => void;
  private lastServerAt = 0;
  view?: AgentView;

  constructor(private base: string, private agentId: string, private token: string, private codes: Codes) {
    this.reason = h('select', { id: 'reason', 'aria-label': 'Not Ready reason' }, codes.reasonCodes.map((c) => h('option', { value: c }, c)));
    this.el = h('div', {},
      h('section', { class: 'card', 'aria-labelledby': 'st-title' },
        h('h2', { id: 'st-title', style: 'margin-top:0' }, 'My state'),
        h('p', { class: 'row' }, this.badge, this.since, this.live),
        this.phone,
        h('div', { class: 'row' }, this.readyBtn, h('label', { for: 'reason', class: 'sr' }, 'Reason'), this.reason, this.notReadyBtn),
        this.message),
      this.interaction,
      h('section', { class: 'card' }, h('h2', { style: 'margin-top:0' }, 'Activity'), this.log));
  }

  async start(): Promise<void> {
    this.render(await this.call<AgentView>('GET', ''));
    this.stopStream = subscribe({
      url: `${this.base}/v1/agents/${encodeURIComponent(this.agentId)}/events`,
      token: this.token,
      onStatus: (s, detail) => { this.live.textContent = s === 'live' ? '● Live' : s === 'reconnecting' ? `Reconnecting… ${detail ?? ''}` : ''; },
      onEvent: (e) => void this.onEvent(e.event, e.data),
    });
  }

  stop(): void {
    this.stopStream?.();
    clearInterval(this.tick);
  }

  private async onEvent(type: string, data: string): Promise<void> {
    const msg = JSON.parse(data) as { at?: number } & Partial<AgentView>;
    if (typeof msg.at === 'number') this.lastServerAt = msg.at;
    if (type === 'snapshot') { this.render(msg as AgentView); return; }
    this.note(type, msg);
    // Events carry ids only; the view brings the callback's context.
    this.render(await this.call<AgentView>('GET', ''));
  }

  private note(type: string, msg: { state?: { name: string; reason: string | null }; interaction?: { kind: string; phase: string } | null }): void {
    const what = msg.state ? `${msg.state.name}${msg.state.reason ? ` (${msg.state.reason})` : ''}` : msg.interaction ? `${msg.interaction.kind} ${msg.interaction.phase}` : '';
    this.log.prepend(h('li', {}, `${new Date().toLocaleTimeString()}  ${type}  ${what}`));
    while (this.log.children.length > LOG_MAX) this.log.lastElementChild?.remove();
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return api<T>(this.base, method, `/v1/agents/${encodeURIComponent(this.agentId)}${path}`, { token: this.token, body });
  }

  private async act(fn: () => Promise<unknown>): Promise<void> {
    this.message.textContent = '';
    try {
      await fn();
      this.render(await this.call<AgentView>('GET', ''));
    } catch (e) {
      this.message.textContent = e instanceof ApiError ? e.message : String(e);
    }
  }

  private setState(state: 'READY' | 'NOT_READY' | 'LOGGED_OUT', reason?: string): Promise<void> {
    return this.act(() => this.call('PUT', '/state', { state, ...(reason ? { reason } : {}) }));
  }

  render(view: AgentView): void {
    this.view = view;
    const s = view.state;
    this.badge.className = `badge ${s.name}`;
    this.badge.textContent = s.name.replace('_', ' ') + (s.reason ? ` · ${s.reason}` : '');
    this.since.textContent = `since ${localTime(s.since, false)}`;
    this.phone.textContent = phoneText(view.phone);
    this.phone.dataset['phone'] = view.phone?.mode === 'register' ? (view.phone.registered ? 'registered' : 'unregistered') : 'static';
    this.readyBtn.disabled = s.name === 'READY' || s.name === 'RESERVED' || s.name === 'ON_CALL';
    this.notReadyBtn.disabled = s.name === 'ON_CALL' || s.name === 'RESERVED' || (s.name === 'NOT_READY' && s.reason === this.reason.value);
    this.renderInteraction(view);
  }

  private renderInteraction(view: AgentView): void {
    clearInterval(this.tick);
    const i = view.interaction;
    const title = h('h2', { id: 'int-title', style: 'margin-top:0' }, 'Interaction');
    if (!i) {
      fill(this.interaction, title, h('p', { class: 'muted' }, view.state.name === 'READY' ? 'Waiting for the next callback…' : 'No interaction.'));
      return;
    }
    const preview = i.phase === 'offered' ? h('div', { class: 'row' },
      h('button', { class: 'btn primary', type: 'button', onclick: () => void this.act(() => this.call('POST', '/preview/accept')) }, 'Accept and dial'),
      h('button', { class: 'btn', type: 'button', onclick: () => void this.act(() => this.call('POST', '/preview/reject')) }, 'Reject')) : null;
    const canDispose = view.state.name === 'WRAP_UP' || view.state.name === 'ON_CALL';
    fill(this.interaction, title, interactionCard(i), preview, canDispose ? this.dispositionForm() : null, canDispose ? this.wrapTimer : null);
    if (view.state.name === 'WRAP_UP' && view.state.until) this.startWrapTimer(view.state.since, view.state.until);
  }

  private dispositionForm(): HTMLElement {
    const code = h('select', { id: 'disp-code', required: true }, h('option', { value: '' }, 'Choose…'), this.codes.dispositionCodes.map((c) => h('option', { value: c }, c)));
    const notes = h('textarea', { id: 'disp-notes', rows: 2, maxlength: 2000 });
    return h('form', {
      class: 'card', style: 'background:#f8f9fb;margin-top:12px',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (!code.value) { this.message.textContent = 'Choose a disposition code.'; code.focus(); return; }
        void this.act(() => this.call('POST', '/disposition', { code: code.value, ...(notes.value.trim() ? { notes: notes.value.trim() } : {}) }));
      },
    }, h('h3', { style: 'margin-top:0' }, 'Disposition'),
    h('div', { class: 'field' }, h('label', { for: 'disp-code' }, 'Disposition code'), code),
    h('div', { class: 'field' }, h('label', { for: 'disp-notes' }, 'Notes'), notes),
    h('button', { class: 'btn primary', type: 'submit' }, 'Save disposition'));
  }

  /** Counts down with the browser's monotonic clock from the server's own times, so clock skew does not matter. */
  private startWrapTimer(since: string, until: string): void {
    const serverNow = Math.max(Date.parse(since), this.lastServerAt);
    const left0 = Date.parse(until) - serverNow;
    const t0 = performance.now();
    const show = () => {
      const left = Math.max(0, Math.round((left0 - (performance.now() - t0)) / 1000));
      this.wrapTimer.textContent = left > 0 ? `Wrap-up: ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left` : 'Wrap-up time is over.';
    };
    show();
    this.tick = setInterval(show, 1000);
  }
}
