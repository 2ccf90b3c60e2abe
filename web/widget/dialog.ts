/** The callback dialog: a native <dialog> in a Shadow DOM with the form, the confirmation and the cancel step. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError, qs } from '../shared/http.js';
import { withCaptcha } from './captcha.js';
import { Lifecycle } from './events.js';
import { renderField, setFieldError, type FieldControl } from './fields.js';
import { fieldFor, friendly } from './messages.js';
import { LOCALES, pickLocale, type Locale } from './locales/index.js';
import { DEFAULT_COUNTRIES, defaultFields, TEXTS, type Texts, type WidgetOptions } from './options.js';
import { CSS } from './styles.js';
import { WhenPicker, type ServiceStatus } from './when.js';

/** GET /v1/widget/config: readable from any site, so a site that may not book still learns who to call. */
interface WidgetConfig {
  company: { name: string };
  service: { id: string; name: string; language: string; defaultCountry: string; phoneNumber: string | null; phoneNumberDisplay?: string | null };
  originAllowed: boolean;
}
interface CallbackView { id: string; managementToken?: string; state: string; scheduled: { slotStart: string } | null; position: number | null; ewtSeconds: number | null }
const API_FIELDS = new Set(['firstName', 'lastName', 'phone', 'notes', 'customerId']);
const STATUS_REFRESH_MS = 30_000;

export class CallbackDialog {
  private dialog: HTMLDialogElement;
  private body = h('div', { class: 'bd' });
  private titleEl = h('h2', { id: 'hl-title' });
  private fromEl = h('p', { class: 'from' });
  private langSelect = h('select', { class: 'lang', name: 'language', onchange: () => this.switchLanguage() },
    Object.values(LOCALES).map((l) => h('option', { value: l.code, lang: l.code }, l.name)));
  private langLabel = h('label', { class: 'lang-l' });
  private status = h('div', { class: 'st', role: 'status', 'aria-live': 'polite' });
  private formError = h('div', { class: 'formerr', role: 'alert' });
  private opts: WidgetOptions = {};
  private t: Texts = TEXTS;
  private loc: Locale = pickLocale('en');
  /** The visitor's own pick in the language list; kept for later opens. */
  private chosenLanguage?: string;
  private controls: FieldControl[] = [];
  private when?: WhenPicker;
  private confirmBtn?: HTMLButtonElement;
  private callback: CallbackView | null = null;
  private submitting = false;
  private cancelled = false;
  private returnFocus: Element | null = null;
  private timer?: ReturnType<typeof setInterval>;
  private config?: Promise<WidgetConfig>;
  private configKey = '';
  private service?: WidgetConfig['service'];
  private serviceId?: string;
  private statusNow?: ServiceStatus;
  readonly events: Lifecycle;

  constructor(private base: string, private defaults: WidgetOptions) {
    const host = h('div', { 'data-holdless': 'widget' });
    const root = host.attachShadow({ mode: 'open' });
    this.dialog = h('dialog', { 'aria-labelledby': 'hl-title', 'aria-modal': 'true' },
      h('div', { class: 'hd' }, h('div', {}, this.titleEl, this.fromEl),
        h('div', { class: 'hdr' }, this.langLabel, this.langSelect, h('button', { type: 'button', class: 'x', 'aria-label': TEXTS.close, onclick: () => this.close() }, '×'))),
      this.body);
    this.langSelect.id = 'hl-lang';
    this.langLabel.htmlFor = 'hl-lang';
    this.dialog.addEventListener('cancel', (e) => { e.preventDefault(); this.close(); });
    this.dialog.addEventListener('keydown', (e) => this.trapTab(e));
    root.append(h('style', {}, CSS), this.dialog);
    document.body.appendChild(host);
    this.events = new Lifecycle(() => this.opts, () => this.flags());
  }

  get isOpen(): boolean { return this.dialog.open; }

  async open(options: WidgetOptions = {}): Promise<void> {
    if (this.dialog.open) return;
    this.opts = { ...this.defaults, ...options, context: { ...this.defaults.context, ...options.context } };
    this.callback = null;
    this.cancelled = false;
    this.controls = [];
    this.when = undefined;
    this.formError.textContent = '';
    this.events.callbackId = null;
    this.returnFocus = document.activeElement;
    this.applyLanguage(this.opts.language ?? this.chosenLanguage ?? 'en');
    fill(this.body, this.status);
    this.status.textContent = '…';
    this.dialog.showModal();
    this.events.emit('opened');
    try {
      await this.loadForm();
    } catch (e) {
      this.fail(e);
    }
  }

  close(): void {
    if (!this.dialog.open) return;
    if (!this.callback && !this.cancelled) this.events.emit('cancelled', { stage: 'form' });
    clearInterval(this.timer);
    this.dialog.close();
    this.events.emit('closed');
    (this.returnFocus as HTMLElement | null)?.focus?.();
  }

  private flags() {
    return {
      open: this.dialog.open, submitting: this.submitting, confirmed: this.callback !== null, cancelled: this.cancelled,
      scheduled: this.callback ? this.callback.scheduled !== null : this.when?.mode() === 'slot',
      asapOffered: this.statusNow?.offerImmediate ?? false, scheduledOffered: this.statusNow?.offerScheduled ?? false,
    };
  }

  private async loadForm(): Promise<void> {
    const query = qs({ service: this.opts.subject ? undefined : this.opts.service, subject: this.opts.subject });
    if (!this.config || this.configKey !== query) {
      this.configKey = query;
      this.config = api<WidgetConfig>(this.base, 'GET', `/v1/widget/config${query}`);
    }
    const config = await this.config.catch((e) => { this.config = undefined; throw e; });
    this.service = config.service;
    this.serviceId = config.service.id;
    this.opts.service = config.service.id;
    this.applyLanguage(this.opts.language ?? this.chosenLanguage ?? config.service.language, config);
    if (!config.originAllowed) return this.showUnavailable(this.t.unavailableHere, corsHint(this.base));
    const status = await this.fetchStatus();
    if (!status.offerImmediate && !status.offerScheduled) return this.showUnavailable(this.t.unavailable);
    this.renderForm(config.service.defaultCountry, status);
    this.timer = setInterval(() => { void this.fetchStatus().then((s) => this.when?.setWait(s.ewtSeconds, s.noAgents)).catch(() => undefined); }, STATUS_REFRESH_MS);
  }

  /** No form: say why, and give the service's phone number when there is one. */
  private showUnavailable(text: string, consoleHint?: string): void {
    if (consoleHint) console.warn(consoleHint);
    const phone = this.service?.phoneNumber;
    fill(this.body, h('p', { class: 'ok', 'data-unavailable': '' }, text),
      phone ? h('p', { class: 'call' }, fillIn(this.t.callUs, { phone: '' }), h('a', { href: `tel:${phone}` }, this.service?.phoneNumberDisplay ?? phone)) : null,
      this.status, this.actions(h('button', { type: 'button', class: 'b p', onclick: () => this.close() }, this.t.close)));
    this.status.textContent = text;
    this.firstFocusable()?.focus();
  }

  /** Texts, labels and date formats in `lang` (or English); the callback is requested in it too. */
  private applyLanguage(lang: string, config?: WidgetConfig): void {
    this.loc = pickLocale(lang);
    this.t = { ...this.loc.texts, ...this.opts.texts };
    this.langSelect.value = this.loc.code;
    this.langLabel.textContent = this.t.language;
    this.dialog.setAttribute('lang', this.loc.code);
    this.titleEl.textContent = this.opts.title ?? this.t.title;
    this.dialog.querySelector('.x')?.setAttribute('aria-label', this.t.close);
    if (config) this.fromEl.textContent = fillIn(this.t.from, { company: config.company.name, service: config.service.name });
  }

  /** The visitor picked another language: the form is drawn again in it, keeping what was typed. */
  private switchLanguage(): void {
    this.chosenLanguage = this.langSelect.value;
    const typed = Object.fromEntries(this.controls.map((c) => [c.def.name, c.input.value]));
    const country = this.controls.find((c) => c.country)?.country?.value;
    this.opts = { ...this.opts, prefill: { ...this.opts.prefill, ...typed, ...(country ? { country } : {}) } };
    if (this.callback || !this.service) { this.applyLanguage(this.chosenLanguage); return; }
    clearInterval(this.timer);
    void this.loadForm().catch((e) => this.fail(e));
  }

  /** Date formats: the host's `locale`, else the browser's own when it is a variant of the language (en-GB), else the language. */
  private dateLocale(): string {
    if (this.opts.locale) return this.opts.locale;
    const browser = navigator.language;
    return browser.toLowerCase().startsWith(this.loc.code) ? browser : this.loc.code;
  }

  private async fetchStatus(): Promise<ServiceStatus> {
    this.statusNow = await api<ServiceStatus>(this.base, 'GET', `/v1/services/${encodeURIComponent(this.serviceId!)}/status`);
    return this.statusNow;
  }

  private renderForm(defaultCountry: string, status: ServiceStatus): void {
    const o = this.opts;
    const setup = {
      prefill: o.prefill ?? {}, countries: o.countries ?? DEFAULT_COUNTRIES, country: defaultCountry, locale: this.dateLocale(), texts: this.t,
    };
    const rendered = (o.fields ?? defaultFields(this.t)).map((def) => renderField(def, setup));
    this.controls = rendered.map((r) => r.control);
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.when = new WhenPicker(this.base, this.serviceId!, status, this.t, this.dateLocale(), tz);
    this.confirmBtn = h('button', { type: 'submit', class: 'b p' }, this.t.confirm);
    const form = h('form', { novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void this.submit(); } },
      h('p', {}, this.t.intro), this.formError, rendered.map((r) => r.wrap), this.when.el, this.status,
      this.actions(h('button', { type: 'button', class: 'b', onclick: () => this.close() }, this.t.cancel), this.confirmBtn));
    fill(this.body, form);
    this.status.textContent = '';
    this.firstFocusable()?.focus();
  }

  private actions(...buttons: HTMLElement[]): HTMLElement { return h('div', { class: 'acts' }, buttons); }

  private async submit(): Promise<void> {
    if (this.submitting || !this.when) return;
    this.clearErrors();
    if (!this.checkRequired()) return;
    this.setSubmitting(true);
    try {
      const body = await this.requestBody();
      this.events.emit('submitted', { scheduledFor: body.slotStart as string | undefined ?? null });
      const key = newKey();
      const view = await withCaptcha(this.base, (headers) =>
        api<CallbackView>(this.base, 'POST', '/v1/callbacks', { body, headers: { 'idempotency-key': key, ...headers } }));
      this.callback = view;
      this.events.callbackId = view.id;
      this.renderConfirmed(view);
      this.events.emit('confirmed', { scheduledFor: view.scheduled?.slotStart ?? null });
    } catch (e) {
      this.fail(e);
    } finally {
      this.setSubmitting(false);
    }
  }

  private checkRequired(): boolean {
    const missing = this.controls.filter((c) => c.def.required && !c.input.value.trim());
    const noSlot = this.when!.mode() === 'slot' && !this.when!.slotStart();
    missing.forEach((c) => setFieldError(c, friendly(this.loc.errors, 'REQUIRED', c.def.label)));
    if (noSlot) this.when!.error.textContent = friendly(this.loc.errors, 'TIME_CLOSED');
    if (!missing.length && !noSlot) return true;
    this.events.emit('error', { error: { code: 'REQUIRED', message: 'Required fields are empty.', fields: missing.map((c) => ({ field: c.def.name, code: 'REQUIRED' })) } });
    this.focusFirstError();
    return false;
  }

  private async requestBody(): Promise<Record<string, unknown>> {
    const o = this.opts;
    const body: Record<string, unknown> = o.subject ? { subjectId: o.subject } : { serviceId: this.serviceId };
    const context: Record<string, string> = { pageUrl: location.href.slice(0, 2000), pageTitle: document.title.slice(0, 2000) };
    for (const [k, v] of Object.entries(o.context ?? {})) context[k.slice(0, 64)] = String(v).slice(0, 2000);
    for (const c of this.controls) {
      const v = c.input.value.trim();
      if (!v) continue;
      if (c.def.name === 'phone') body.phone = await this.e164(c, v);
      else if (API_FIELDS.has(c.def.name)) body[c.def.name] = v;
      else context[c.def.name] = v;
    }
    if (o.customerId && !body.customerId) body.customerId = o.customerId;
    // The visitor is called back in the language they read here (not the host page's lang attribute).
    body.language = this.loc.code;
    body.context = Object.fromEntries(Object.entries(context).slice(0, 30));
    const slot = this.when!.slotStart();
    if (slot) body.slotStart = slot;
    return body;
  }

  /** Numbers without '+' are read in the chosen country by the server's own rules, so errors match the POST's. */
  private async e164(c: FieldControl, raw: string): Promise<string> {
    if (raw.startsWith('+')) return raw;
    const v = await api<{ allowed: boolean; e164: string | null; reason: { code: string; message: string; length?: string } | null }>(
      this.base, 'GET', `/v1/phone-numbers/validate${qs({ number: raw, country: c.country?.value })}`);
    if (v.allowed && v.e164) return v.e164;
    const code = v.reason?.code ?? 'PHONE_INVALID';
    throw new ApiError(422, code, v.reason?.message ?? code, [{ field: 'phone', code, message: v.reason?.message ?? code }], { length: v.reason?.length });
  }

  private renderConfirmed(view: CallbackView): void {
    const when = view.scheduled ? this.t.confirmedAt.replace('{time}', this.when!.slotLabel(view.scheduled.slotStart, true)) : this.t.confirmedAsap;
    const extra = view.position !== null && !view.scheduled ? this.t.position.replace('{n}', String(view.position)) : '';
    const cancelBtn = h('button', { type: 'button', class: 'b', onclick: () => void this.cancelCallback(cancelBtn) }, this.t.cancelCallback);
    fill(this.body, this.formError, h('p', { class: 'ok', 'data-callback-id': view.id }, when), extra ? h('p', {}, extra) : null, this.status,
      this.actions(cancelBtn, h('button', { type: 'button', class: 'b p', onclick: () => this.close() }, this.t.close)));
    this.status.textContent = when;
    cancelBtn.focus();
  }

  private async cancelCallback(btn: HTMLButtonElement): Promise<void> {
    if (!this.callback) return;
    btn.disabled = true;
    this.formError.textContent = '';
    try {
      await api(this.base, 'DELETE', `/v1/callbacks/${encodeURIComponent(this.callback.id)}`, {
        body: { reason: 'CUSTOMER_CANCELLED' },
        // The secret only this requester received (the create answer); the id alone is not enough.
        headers: this.callback.managementToken ? { 'x-management-token': this.callback.managementToken } : {},
      });
      this.cancelled = true;
      btn.remove();
      fill(this.body.querySelector('.ok')!, this.t.cancelledDone);
      this.status.textContent = this.t.cancelledDone;
      this.events.emit('cancelled', { stage: 'callback' });
      this.firstFocusable()?.focus();
    } catch (e) {
      btn.disabled = false;
      this.fail(e);
    }
  }

  /** Shows an error where it belongs (a field, the time picker or the whole form) in plain words. */
  private fail(e: unknown): void {
    const err = e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e));
    const names = this.controls.map((c) => c.def.name);
    const fields = err.fields.length ? err.fields : [{ field: '', code: err.code, message: err.message }];
    for (const f of fields) {
      const target = err.code === 'SLOT_FULL' || err.code === 'SERVICE_CLOSED' ? 'when' : fieldFor(f, names);
      const control = this.controls.find((c) => c.def.name === target);
      const code = err.code === 'VALIDATION_FAILED' ? f.code : err.code;
      const say = (label?: string) => friendly(this.loc.errors, code, label, err.details.length);
      if (target === 'when' && this.when) this.when.error.textContent = say();
      else if (control) setFieldError(control, say(control.def.label));
      else this.formError.textContent = say();
    }
    if (err.code === 'SLOT_FULL' && this.when) {
      this.when.showProposals((err.details.proposals as { slotStart: string; localStart: string }[] | undefined) ?? []);
      void this.when.reload().catch(() => undefined);
    }
    if (err.code === 'SERVICE_CLOSED' && this.when) void this.when.setMode('slot');
    this.events.emit('error', { error: { code: err.code, message: err.message, fields: fields.map((f) => ({ field: f.field, code: f.code })) } });
    if (!this.body.contains(this.formError)) this.body.prepend(this.formError);
    this.focusFirstError();
  }

  private clearErrors(): void {
    this.formError.textContent = '';
    this.controls.forEach((c) => setFieldError(c, ''));
    this.when?.clearError();
  }

  private setSubmitting(on: boolean): void {
    this.submitting = on;
    if (this.confirmBtn) {
      this.confirmBtn.disabled = on;
      this.confirmBtn.textContent = on ? this.t.sending : this.t.confirm;
    }
    if (on) this.status.textContent = this.t.sending;
    else if (!this.callback) this.status.textContent = '';
  }

  private focusFirstError(): void {
    const bad = this.controls.find((c) => c.error.textContent);
    if (bad) bad.input.focus();
    else if (this.when?.error.textContent) this.when.el.querySelector<HTMLElement>('input:checked, select')?.focus();
  }

  private focusables(): HTMLElement[] {
    return [...this.dialog.querySelectorAll<HTMLElement>('button, input, select, textarea, [href], [tabindex]')]
      .filter((el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && el.getClientRects().length > 0);
  }

  private firstFocusable(): HTMLElement | undefined {
    // The first control of the body, not the header's language list or close button.
    return this.focusables().find((el) => !el.closest('.hd'));
  }

  /** Keeps Tab and Shift+Tab inside the dialog (the page behind is inert while it is open). */
  private trapTab(e: KeyboardEvent): void {
    if (e.key !== 'Tab') return;
    const list = this.focusables();
    const root = this.dialog.getRootNode() as ShadowRoot;
    const active = root.activeElement;
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (active === first || !active)) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && active === last) { e.preventDefault(); first.focus(); }
  }
}

const fillIn = (text: string, values: Record<string, string>): string => text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/** For the site owner, in the browser console: why the widget does not offer callbacks here. */
const corsHint = (base: string): string =>
  `holdless: this site (${location.origin}) may not request callbacks from ${base}. Add "${location.origin}" to http.corsOrigins in the server's config.yaml.`;

const newKey = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
