/** The supervisor view at /supervisor: sign-in, live counts per service, the callback list. */
import { fill, h } from '../shared/dom.js';
import { api } from '../shared/http.js';
import { resumeSession, signIn, signInMessage, signOut } from '../shared/auth.js';
import { signInCard } from '../shared/signin.js';
import { CallbackList } from './list.js';
import { SummaryPanel } from './summary.js';

const base = location.origin;
const app = document.getElementById('app')!;
const who = document.getElementById('who')!;

function showSignIn(message = ''): void {
  fill(who);
  const card = signInCard('Supervisor sign-in', [
    { name: 'user', label: 'User', autocomplete: 'username' },
    { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
  ], (v, error) => {
    signIn(v.user!, v.password!)
      .then((user) => showDashboard(user.id))
      .catch((e: unknown) => { error.textContent = signInMessage(e); });
  });
  fill(app, card);
  if (message) card.querySelector('[role=alert]')!.textContent = message;
}

async function showDashboard(userId: string): Promise<void> {
  const { services } = await api<{ services: { id: string; name: string }[] }>(base, 'GET', '/v1/services');
  // The session cookie authenticates (token ''); a role that may not see the queues gets a 403 here.
  const summary = new SummaryPanel(base, '', new Map(services.map((s) => [s.id, s.name])));
  const list = new CallbackList(base, '', services, () => void summary.refresh());
  const out = async () => { summary.stop(); await signOut(); showSignIn(); };
  fill(who, h('span', {}, `${userId} `), h('button', { class: 'btn', type: 'button', onclick: () => void out() }, 'Sign out'));
  fill(app, h('h1', {}, 'Callback queues'), summary.el, list.el);
  summary.start();
  await list.load(false);
}

resumeSession()
  .then((user) => (user ? showDashboard(user.id) : showSignIn()))
  .catch(() => showSignIn('Please sign in again.'));
