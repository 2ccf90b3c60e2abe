/**
 * The demo mobile page (PWA-style): subscribes to Web Push with the server's VAPID key, asks for a
 * `call-in-delayed` callback, and when "your callback is ready" arrives (push via the service worker,
 * or the state seen by polling) offers accept / snooze / cancel; after accept it shows the number to
 * dial and the access code.
 */
import { api, ApiError } from '../shared/http.js';

interface Created { id: string; managementToken: string; position?: number | null; ewtSeconds?: number | null }
interface CallbackState { id: string; state: string; position?: number | null; ewtSeconds?: number | null }
interface Answer { action: string; state: string; dial?: { e164: string; uri: string }; accessCode?: string; expiresAt?: string; dueAt?: string }

const KEY = 'holdless-app-demo';
const POLL_MS = 5000;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const service = document.body.dataset.service ?? '';
let current: Created | undefined = load();
let poll: ReturnType<typeof setInterval> | undefined;

function load(): Created | undefined {
  try { return JSON.parse(localStorage.getItem(KEY) ?? 'null') ?? undefined; } catch { return undefined; }
}

function show(step: 'request' | 'waiting' | 'ready' | 'call'): void {
  for (const s of ['request', 'waiting', 'ready', 'call']) $(`step-${s}`).hidden = s !== step;
}
const say = (text: string): void => { $('status').textContent = text; };

async function subscribe(): Promise<PushSubscriptionJSON> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new ApiError(0, 'PUSH_UNSUPPORTED', 'This browser cannot receive push messages.');
  const reg = await navigator.serviceWorker.register('/app-demo/sw.js', { scope: '/app-demo' });
  await navigator.serviceWorker.ready;
  if ((await Notification.requestPermission()) !== 'granted') throw new ApiError(0, 'PUSH_DENIED', 'Allow notifications so we can tell you when it is your turn.');
  const { publicKey } = await api<{ publicKey: string }>('', 'GET', '/v1/push/vapid-public-key');
  const sub = (await reg.pushManager.getSubscription())
    ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
  return sub.toJSON();
}

async function request(e: Event): Promise<void> {
  e.preventDefault();
  const phone = ($('phone') as HTMLInputElement).value.trim();
  if (!phone) return say('Please enter your phone number.');
  ($('request') as HTMLButtonElement).disabled = true;
  try {
    const subscription = await subscribe();
    current = await api<Created>('', 'POST', '/v1/callbacks', {
      body: { serviceId: service, phone, mode: 'call-in-delayed', push: { channel: 'webpush', subscription } },
    });
    localStorage.setItem(KEY, JSON.stringify(current));
    waiting(current);
  } catch (err) {
    say((err as Error).message);
  } finally {
    ($('request') as HTMLButtonElement).disabled = false;
  }
}

function waiting(s: { position?: number | null; ewtSeconds?: number | null }): void {
  show('waiting');
  const minutes = s.ewtSeconds ? Math.max(1, Math.round(s.ewtSeconds / 60)) : undefined;
  $('waiting-line').textContent = [s.position ? `Position ${s.position} in line.` : '', minutes ? `About ${minutes} min.` : '', 'You can close this page; we will notify you.'].filter(Boolean).join(' ');
  poll ??= setInterval(() => void refresh(), POLL_MS);
}

/** Polling is the fallback when a push is late or notifications are off. */
async function refresh(): Promise<void> {
  if (!current) return;
  try {
    const s = await api<CallbackState>('', 'GET', `/v1/callbacks/${encodeURIComponent(current.id)}`);
    if (s.state === 'PUSHED') ready();
    else if (['QUEUED', 'SCHEDULED'].includes(s.state) && $('step-ready').hidden) waiting(s);
    else if (['CANCELLED', 'EXPIRED', 'FAILED', 'COMPLETED'].includes(s.state)) finish(`Your request has ended (${s.state.toLowerCase()}).`);
  } catch { /* offline for a moment: the next poll tries again */ }
}

function ready(): void {
  if ($('step-call').hidden === false) return;
  show('ready');
  say('');
}

async function answer(action: string): Promise<void> {
  if (!current) return;
  try {
    const r = await api<Answer>('', 'POST', `/v1/callbacks/${encodeURIComponent(current.id)}/answer`, { body: { action, managementToken: current.managementToken } });
    if (r.action === 'accept' && r.dial && r.accessCode) {
      show('call');
      const dial = $('dial') as HTMLAnchorElement;
      dial.href = r.dial.uri;
      dial.textContent = r.dial.e164;
      $('access-code').textContent = r.accessCode;
      $('code-expiry').textContent = r.expiresAt ? `The code is valid until ${new Date(r.expiresAt).toLocaleTimeString()}.` : '';
      stopPolling();
    } else if (r.action === 'snooze') {
      waiting({});
      say(r.dueAt ? `We will come back to you at ${new Date(r.dueAt).toLocaleTimeString()}.` : 'We will come back to you a little later.');
    } else {
      finish('Your callback is cancelled.');
    }
  } catch (err) {
    say((err as Error).message);
  }
}

function finish(text: string): void {
  stopPolling();
  localStorage.removeItem(KEY);
  current = undefined;
  show('request');
  say(text);
}
const stopPolling = (): void => { if (poll) clearInterval(poll); poll = undefined; };

$('request-form').addEventListener('submit', (e) => void request(e));
for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-action]'))) {
  b.addEventListener('click', () => void answer(b.dataset.action ?? ''));
}
navigator.serviceWorker?.addEventListener('message', (e: MessageEvent) => {
  const d = e.data as { type?: string; action?: string; message?: { kind?: string; callbackId?: string } };
  if (d.type === 'holdless-push' && d.message?.kind === 'callback-ready') ready();
  if (d.type === 'holdless-action' && d.action && d.action !== 'open') void answer(d.action);
});
if (current) {
  waiting({});
  void refresh();
  const action = new URLSearchParams(location.search).get('action');
  if (action) void answer(action);
}
