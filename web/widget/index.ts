/**
 * The embeddable callback widget. One script tag:
 *   <script src="https://holdless.example/widget.js" data-service="billing" data-button="#call-me" async></script>
 * and, for scripts, window.Holdless.open({...}). It talks only to the host it was loaded from.
 */
import { h } from '../shared/dom.js';
import { CallbackDialog } from './dialog.js';
import type { HoldlessEvent, WidgetOptions } from './options.js';
import { LAUNCHER_CSS } from './styles.js';

export type { FieldDef, HoldlessEvent, WidgetOptions } from './options.js';

interface HoldlessApi {
  version: string;
  open(options?: WidgetOptions): Promise<void>;
  close(): void;
  isOpen(): boolean;
  counters(): HoldlessEvent['counters'];
}

declare global {
  interface Window { Holdless?: HoldlessApi; HoldlessConfig?: WidgetOptions }
}

function thisScript(): HTMLScriptElement | null {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current;
  return [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((s) => /\/widget\.js(\?|$)/.test(s.src)) ?? null;
}

function install(): void {
  if (window.Holdless) return;
  const script = thisScript();
  const base = script ? new URL(script.src, location.href).origin : location.origin;
  const data = script?.dataset ?? {};
  const defaults: WidgetOptions = {
    ...window.HoldlessConfig,
    ...(data.service ? { service: data.service } : {}),
    ...(data.subject ? { subject: data.subject } : {}),
    ...(data.locale ? { locale: data.locale } : {}),
    ...(data.language ? { language: data.language } : {}),
  };
  let dialog: CallbackDialog | undefined;
  const get = (): CallbackDialog => (dialog ??= new CallbackDialog(base, defaults));
  const api: HoldlessApi = {
    version: '1',
    open: (options) => get().open(options),
    close: () => dialog?.close(),
    isOpen: () => dialog?.isOpen ?? false,
    counters: () => get().events.counters,
  };
  window.Holdless = api;
  const selector = data.button;
  const whenReady = (fn: () => void) =>
    document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', fn, { once: true }) : fn();
  if (selector) {
    // Delegated, so buttons rendered later by the host page work too.
    document.addEventListener('click', (e) => {
      const target = (e.target as Element | null)?.closest?.(selector);
      if (!target) return;
      e.preventDefault();
      void api.open();
    });
  } else if (data.launcher !== 'false') {
    whenReady(() => addLauncher(data.label ?? 'Call me back', () => void api.open()));
  }
  whenReady(() => window.dispatchEvent(new CustomEvent('holdless:ready', { detail: { version: api.version } })));
}

function addLauncher(label: string, onClick: () => void): void {
  const host = h('div', { 'data-holdless': 'launcher' });
  host.attachShadow({ mode: 'open' }).append(h('style', {}, LAUNCHER_CSS), h('button', { type: 'button', onclick: onClick }, label));
  document.body.appendChild(host);
}

install();
