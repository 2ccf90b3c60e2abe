/** The agent workspace at /agent: sign in with the agent id and password, then work. */
import { fill, h } from '../shared/dom.js';
import { api } from '../shared/http.js';
import { resumeSession, signIn, signInMessage, signOut as endSession, type SessionUser } from '../shared/auth.js';
import { signInCard } from '../shared/signin.js';
import type { AgentView, Codes } from './types.js';
import { Workspace } from './workspace.js';

const base = location.origin;
const app = document.getElementById('app')!;
const who = document.getElementById('who')!;

function showSignIn(message = ''): void {
  fill(who);
  const card = signInCard('Agent sign-in', [
    { name: 'agentId', label: 'Agent id', autocomplete: 'username' },
    { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
  ], (v, error) => {
    signIn(v.agentId!, v.password!)
      .then((user) => start(user))
      .catch((e: unknown) => { error.textContent = signInMessage(e); });
  });
  fill(app, card);
  if (message) card.querySelector('[role=alert]')!.textContent = message;
}

async function start(user: SessionUser): Promise<void> {
  if (!user.agentId) {
    await endSession();
    showSignIn('This sign-in is not an agent; use the supervisor or admin page.');
    return;
  }
  const agentId = user.agentId;
  // The session cookie authenticates every request (no token in the page).
  const [codes, view] = await Promise.all([
    api<Codes>(base, 'GET', '/agent/config.json'),
    api<AgentView>(base, 'GET', `/v1/agents/${encodeURIComponent(agentId)}`),
  ]);
  const ws = new Workspace(base, agentId, '', codes);
  const signOut = async () => {
    if (ws.view?.state.name === 'READY' || ws.view?.state.name === 'NOT_READY') {
      await api(base, 'PUT', `/v1/agents/${encodeURIComponent(agentId)}/state`, { body: { state: 'LOGGED_OUT' } }).catch(() => undefined);
    }
    ws.stop();
    await endSession();
    showSignIn();
  };
  fill(who, h('span', {}, `${view.name} (${view.id}) `), h('button', { class: 'btn', type: 'button', onclick: () => void signOut() }, 'Sign out'));
  fill(app, ws.el);
  await ws.start();
}

resumeSession()
  .then((user) => (user ? start(user) : showSignIn()))
  .catch(() => showSignIn('Please sign in again.'));
