/** The signed-in workspace: state controls, the interaction, call controls, disposition and reschedule, live over SSE. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError } from '../shared/http.js';
import { localTime } from '../shared/session.js';
import { subscribe } from '../shared/sse.js';
import { phoneText } from '../shared/phone.js';
import { AGENT_STATE, duration, word } from '../shared/words.js';
import { interactionCard } from './interaction.js';
import { afterCallForm } from './after-call.js';
import type { AgentView, Codes } from './types.js';

const LOG_MAX = 30;
const BUSY = new Set(['RESERVED', 'ON_CALL', 'WRAP_UP']);

const HINT: Record<string, string> = {
  LOGGED_OUT: 'You are logged out and get no calls. Press Ready to start taking calls, or pick a reason and press Not Ready to log in on a break.',
  NOT_READY: 'You get no calls. Press Ready when you are back.',
  READY: 'You are ready: the next callback comes to you.',
  RESERVED: 'A call is being set up for you.',
  ON_CALL: 'You are on a call.',
  WRAP_UP: 'After-call work: save the disposition, then you get the next call.',
};

export class Workspace {
  readonly el: HTMLElement;
  private badge = h('span', { class: 'badge', 'data-agent-state': '' });
  private since = h('span', { class: 'muted' });
  private live = h('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  private hint = h('p', { class: 'muted', 'data-hint': '' });
  private pending = h('p', { class: 'pending', 'data-pending': '', role: 'status', hidden: true });
  private message = h('p', { class: 'error', role: 'alert' });
  private phone = h('p', { class: 'muted', 'data-phone': '' });
  private notice = h('p', { class: 'ok', role: 'status', 'data-notice': '' });
  private reason: HTMLSelectElement;
  private readyBtn = h('button', { class: 'btn primary', type: 'button', onclick: () => void this.setState('READY') }, 'Ready');
  private notReadyBtn = h('button', { class: 'btn', type: 'button', onclick: () => void this.setState('NOT_READY', this.reason.value) }, 'Not Ready');
  private interaction = h('section', { class: 'card', 'aria-labelledby': 'int-title' });
  private log = h('ol', { class: 'log', 'aria-labelledby': 'log-title', hidden: true });
  private logEmpty = h('p', { class: 'muted empty' }, 'Nothing yet: your state changes, calls and saved dispositions appear here.');
  private wrapTimer = h('p', { class: 'muted', 'data-wrap-up': '', role: 'timer', 'aria-live': 'off' });
  private tick?: ReturnType<typeof setInterval>;
  private stopStream?: () => void;
  /** Server time minus performance.now() at the last view: timers run on the server's clock. */
  private serverOffset?: number;
  view?: AgentView;

  constructor(private base: string, private agentId: string, private token: string, private codes: Codes) {
    this.reason = h('select', { id: 'reason' }, codes.reasonCodes.map((c) => h('option', { value: c }, c)));
    this.reason.addEventListener('change', () => this.view && this.render(this.view));
    this.el = h('div', {},
      h('section', { class: 'card', 'aria-labelledby': 'st-title' },
        h('h2', { id: 'st-title', style: 'margin-top:0' }, 'My state'),
        h('p', { class: 'row' }, this.badge, this.since, this.live), this.hint,
        this.phone,
        h('div', { class: 'row' }, this.readyBtn, h('label', { for: 'reason', class: 'inline' }, 'Reason'), this.reason, this.notReadyBtn),
        this.pending, this.message, this.notice),
      this.interaction,
      h('section', { class: 'card', 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title', style: 'margin-top:0' }, 'Activity'), this.logEmpty, this.log));
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
    const msg = JSON.parse(data) as Partial<AgentView>;
    if (type === 'snapshot') { this.render(msg as AgentView); return; }
    this.note(type, msg);
    // Events carry ids only; the view brings the callback's context.
    this.render(await this.call<AgentView>('GET', ''));
  }

  private note(type: string, msg: { state?: { name: string; reason: string | null }; interaction?: { kind: string; phase: string } | null }): void {
    const st = msg.state as { name: string; reason: string | null; pendingReason?: string | null } | undefined;
    const why = st?.pendingReason ? ` (Not Ready after this call: ${st.pendingReason})` : st?.reason ? ` (${st.reason})` : '';
    const what = st ? `${word(AGENT_STATE, st.name)}${why}`
      : msg.interaction ? `${msg.interaction.kind === 'call' ? 'Call' : 'Callback'} ${type}` : type;
    this.logLine(what);
  }

  logLine(text: string): void {
    this.log.prepend(h('li', {}, `${new Date().toLocaleTimeString()}  ${text}`));
    while (this.log.children.length > LOG_MAX) this.log.lastElementChild?.remove();
    this.log.hidden = false;
    this.logEmpty.hidden = true;
  }

  call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return api<T>(this.base, method, `/v1/agents/${encodeURIComponent(this.agentId)}${path}`, { token: this.token, body });
  }

  /** Runs an action, shows its error in words, and draws the new view. Returns false when it failed. */
  async act(fn: () => Promise<unknown>): Promise<boolean> {
    this.message.textContent = '';
    try {
      await fn();
      this.render(await this.call<AgentView>('GET', ''));
      return true;
    } catch (e) {
      this.message.textContent = e instanceof ApiError ? e.message : String(e);
      return false;
    }
  }

  say(text: string): void {
    this.notice.textContent = text;
  }

  private setState(state: 'READY' | 'NOT_READY' | 'LOGGED_OUT', reason?: string): Promise<boolean> {
    this.say('');
    return this.act(() => this.call('PUT', '/state', { state, ...(reason ? { reason } : {}) }));
  }

  render(view: AgentView): void {
    this.view = view;
    if (view.at) this.serverOffset = Date.parse(view.at) - performance.now();
    const s = view.state;
    const busy = BUSY.has(s.name);
    this.badge.className = `badge ${s.name}`;
    this.badge.setAttribute('data-agent-state', s.name);
    this.badge.textContent = word(AGENT_STATE, s.name) + (s.name === 'NOT_READY' && s.reason ? ` · ${s.reason}` : '');
    this.since.textContent = `since ${localTime(s.since, false)}`;
    this.phone.textContent = phoneText(view.phone);
    this.phone.dataset['phone'] = view.phone?.mode === 'register' ? (view.phone.registered ? 'registered' : 'unregistered') : 'static';
    this.hint.textContent = HINT[s.name] ?? '';
    this.readyBtn.disabled = s.name === 'READY' || s.name === 'RESERVED' || s.name === 'ON_CALL';
    this.notReadyBtn.textContent = busy ? (s.name === 'WRAP_UP' ? 'Not Ready after wrap-up' : 'Not Ready after this call') : 'Not Ready';
    this.notReadyBtn.disabled = (s.name === 'NOT_READY' && s.reason === this.reason.value) || (busy && s.pendingReason === this.reason.value);
    this.renderPending(s.pendingReason ?? null, busy);
    this.renderInteraction(view);
  }

  private renderPending(reason: string | null, busy: boolean): void {
    this.pending.hidden = !(busy && reason);
    if (!busy || !reason) return;
    const when = this.view?.state.name === 'WRAP_UP' ? 'after wrap-up' : 'after this call';
    fill(this.pending, `Not Ready ${when}: ${reason}. `,
      h('button', { class: 'btn link', type: 'button', onclick: () => void this.setState('READY') }, 'Stay ready'));
  }

  private renderInteraction(view: AgentView): void {
    clearInterval(this.tick);
    const i = view.interaction;
    const title = h('h2', { id: 'int-title', style: 'margin-top:0' }, 'Interaction');
    if (!i) {
      fill(this.interaction, title, h('p', { class: 'muted empty' }, view.state.name === 'READY' ? 'Waiting for the next callback…' : 'No interaction.'));
      return;
    }
    const preview = i.phase === 'offered' ? h('div', { class: 'row' },
      h('button', { class: 'btn primary', type: 'button', onclick: () => void this.act(() => this.call('POST', '/preview/accept')) }, 'Accept and dial'),
      h('button', { class: 'btn', type: 'button', onclick: () => void this.act(() => this.call('POST', '/preview/reject')) }, 'Reject')) : null;
    const onCall = view.state.name === 'ON_CALL';
    const callTimer = h('span', { class: 'timer', role: 'timer', 'aria-live': 'off', 'data-call-timer': '' });
    // Hold and mute are not offered: the telephony port does not report them from the agent's phone.
    const controls = onCall ? h('div', { class: 'row call-controls' }, callTimer,
      h('button', { class: 'btn danger', type: 'button', onclick: (e: Event) => void this.hangup(e.currentTarget as HTMLButtonElement) }, 'Hang up'))
      : view.state.name === 'WRAP_UP' ? this.wrapTimer : null;
    const after = i.kind === 'callback' || view.state.name === 'WRAP_UP' || onCall ? afterCallForm(this, view, this.codes) : null;
    fill(this.interaction, title, interactionCard(i, controls), preview, after);
    this.startTimers(view, callTimer);
  }

  private async hangup(btn: HTMLButtonElement): Promise<void> {
    btn.disabled = true;
    if (await this.act(() => this.call('POST', '/hangup'))) this.logLine('You hung up');
    else btn.disabled = false;
  }

  /** The call's running time and the wrap-up countdown, counted from the server's times on the monotonic clock. */
  private startTimers(view: AgentView, callTimer: HTMLElement): void {
    const serverNow = () => (this.serverOffset ?? Date.parse(view.state.since)) + performance.now();
    const show = () => {
      if (view.state.name === 'ON_CALL' && view.interaction) callTimer.textContent = `On call ${duration(serverNow() - Date.parse(view.interaction.since))}`;
      if (view.state.name === 'WRAP_UP' && view.state.until) {
        const left = Date.parse(view.state.until) - serverNow();
        this.wrapTimer.textContent = left > 0 ? `Wrap-up: ${duration(left + 999)} left` : 'Wrap-up time is over.';
      }
    };
    show();
    if (view.state.name === 'ON_CALL' || view.state.name === 'WRAP_UP') this.tick = setInterval(show, 1000);
  }
}
