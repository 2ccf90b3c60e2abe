/** The admin page at /admin: sign-in, running config, users and API keys, refusals, audit log. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError } from '../shared/http.js';
import { resumeSession, signIn, signInMessage, signOut, type SessionUser } from '../shared/auth.js';
import { signInCard } from '../shared/signin.js';
import { configView, type Overview } from './config-view.js';
import { credentialsView } from './credentials.js';
import { activityView } from './activity.js';

const base = location.origin;
const app = document.getElementById('app')!;
const who = document.getElementById('who')!;
/** The last action's answer (a one-time secret, an error), kept across re-renders. */
const status = h('div', { role: 'status', 'aria-live': 'polite' });

function showSignIn(message = ''): void {
  fill(who);
  const card = signInCard('Admin sign-in', [
    { name: 'user', label: 'User', autocomplete: 'username' },
    { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
  ], (v, error) => {
    signIn(v.user!, v.password!).then(showAdmin).catch((e: unknown) => { error.textContent = signInMessage(e); });
  });
  fill(app, card);
  if (message) card.querySelector('[role=alert]')!.textContent = message;
}

async function showAdmin(user: SessionUser): Promise<void> {
  const out = async () => { fill(status); await signOut(); showSignIn(); };
  fill(who, h('span', {}, `${user.id} `), h('button', { class: 'btn', type: 'button', onclick: () => void out() }, 'Sign out'));
  let overview: Overview;
  try {
    overview = await api<Overview>(base, 'GET', '/v1/admin/overview');
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) { fill(app, h('h1', {}, 'Admin'), h('p', { class: 'error', role: 'alert' }, 'Your role may not see the admin page (administrators and monitors).')); return; }
    throw e;
  }
  const refresh = () => void showAdmin(user);
  fill(app, h('h1', {}, 'Admin'),
    ...credentialsView(overview, { canWrite: user.role === 'administrator', writable: overview.configWritable, changed: refresh, status, self: user.id }),
    ...(await activityView()),
    ...configView(overview));
}

resumeSession()
  .then((user) => (user ? showAdmin(user) : showSignIn()))
  .catch(() => showSignIn('Please sign in again.'));
