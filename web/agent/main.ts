/** The agent workspace at /agent: sign in with the agent id and token, then work. */
import { fill, h } from '../shared/dom.js';
import { api, ApiError } from '../shared/http.js';
import { clearSession, loadSession, saveSession } from '../shared/session.js';
import { signInCard } from '../shared/signin.js';
import type { AgentView, Codes } from './types.js';
import { Workspace } from './workspace.js';

const KEY = 'holdless.agent';
const base = location.origin;
const app = document.getElementById('app')!;
const who = document.getElementById('who')!;

function showSignIn(message = ''): void {
  fill(who);
  const card = signInCard('Agent sign-in', [
    { name: 'agentId', label: 'Agent id', autocomplete: 'username' },
    { name: 'token', label: 'Token', type: 'password', autocomplete: 'current-password' },
  ], (v, error) => {
    start(v.agentId!, v.token!).catch((e: unknown) => {
      error.textContent = e instanceof ApiError && (e.status === 401 || e.status === 403) ? 'That token is not accepted for this agent.'
        : e instanceof ApiError && e.status === 404 ? 'There is no agent with that id.' : (e as Error).message;
    });
  });
  fill(app, card);
  if (message) card.querySelector('[role=alert]')!.textContent = message;
}

async function start(agentId: string, token: string): Promise<void> {
  const [codes, view] = await Promise.all([
    api<Codes>(base, 'GET', '/agent/config.json'),
    api<AgentView>(base, 'GET', `/v1/agents/${encodeURIComponent(agentId)}`, { token }),
  ]);
  saveSession(KEY, { agentId, token });
  const ws = new Workspace(base, agentId, token, codes);
  const signOut = async () => {
    if (ws.view?.state.name === 'READY' || ws.view?.state.name === 'NOT_READY') {
      await api(base, 'PUT', `/v1/agents/${encodeURIComponent(agentId)}/state`, { token, body: { state: 'LOGGED_OUT' } }).catch(() => undefined);
    }
    ws.stop();
    clearSession(KEY);
    showSignIn();
  };
  fill(who, h('span', {}, `${view.name} (${view.id}) `), h('button', { class: 'btn', type: 'button', onclick: () => void signOut() }, 'Sign out'));
  fill(app, ws.el);
  await ws.start();
}

const saved = loadSession<{ agentId: string; token: string }>(KEY);
if (saved) start(saved.agentId, saved.token).catch(() => showSignIn('Please sign in again.'));
else showSignIn();
