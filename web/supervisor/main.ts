/** The supervisor view at /supervisor: admin sign-in, live counts per service, the callback list. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError } from '../shared/http.js';
import { clearSession, loadSession, saveSession } from '../shared/session.js';
import { signInCard } from '../shared/signin.js';
import { CallbackList } from './list.js';
import { SummaryPanel } from './summary.js';

const KEY = 'holdless.supervisor';
const base = location.origin;
const app = document.getElementById('app')!;
const who = document.getElementById('who')!;

function showSignIn(): void {
  fill(who);
  fill(app, signInCard('Supervisor sign-in', [{ name: 'token', label: 'Admin token', type: 'password', autocomplete: 'current-password' }], (v, error) => {
    api(base, 'GET', '/v1/callbacks?limit=1', { token: v.token! })
      .then(() => { saveSession(KEY, { token: v.token }); void showDashboard(v.token!); })
      .catch((e: unknown) => { error.textContent = e instanceof ApiError && (e.status === 401 || e.status === 403) ? 'That token is not accepted.' : (e as Error).message; });
  }));
}

async function showDashboard(token: string): Promise<void> {
  const { services } = await api<{ services: { id: string; name: string }[] }>(base, 'GET', '/v1/services');
  const summary = new SummaryPanel(base, token, new Map(services.map((s) => [s.id, s.name])));
  const list = new CallbackList(base, token, services, () => void summary.refresh());
  fill(who, h('button', { class: 'btn', type: 'button', onclick: () => { summary.stop(); clearSession(KEY); showSignIn(); } }, 'Sign out'));
  fill(app, h('h1', {}, 'Callback queues'), summary.el, list.el);
  summary.start();
  await list.load(false);
}

const saved = loadSession<{ token: string }>(KEY);
if (saved) void showDashboard(saved.token).catch(() => showSignIn());
else showSignIn();
