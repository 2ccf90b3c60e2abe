/**
 * The demo's simulated people, all through the real HTTP API: customers who ask for a callback
 * every few seconds (with the configured subjects), and agents who go READY, accept preview
 * offers and set a disposition at the end of each call.
 */
import { DEMO_API_KEY } from './demo-config.js';
import type { AppConfig } from '../../adapters/config/types.js';

export interface Bot { stop(): void }

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Elif', 'Finn', 'Greta', 'Hugo', 'Ida', 'Jonas'];
const LAST = ['Meier', 'Schulz', 'Novak', 'Kaya', 'Fischer', 'Brown', 'Weber', 'Lang'];

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) as unknown : undefined };
}

/** A customer every `everyMs`, rotating through the subjects; distinct numbers (one open callback per number). */
export function callerStream(base: string, config: AppConfig, everyMs: number, onError: (m: string) => void): Bot {
  const headers: Record<string, string> = { 'x-api-key': DEMO_API_KEY };
  let n = 0;
  const once = async () => {
    const subject = config.subjects[n % config.subjects.length]!;
    const i = n++;
    const r = await call(base, 'POST', '/v1/callbacks', headers, {
      subjectId: subject.id, phone: `+4930555${String(10_000 + (Date.now() % 80_000) + i).padStart(5, '0')}`,
      firstName: FIRST[i % FIRST.length], lastName: LAST[i % LAST.length], notes: `demo caller ${i + 1}`,
    });
    if (r.status !== 201) onError(`callback request refused: ${r.status} ${JSON.stringify(r.json)}`);
  };
  void once().catch((e: unknown) => onError(String(e)));
  const t = setInterval(() => void once().catch((e: unknown) => onError(String(e))), everyMs);
  return { stop: () => clearInterval(t) };
}

interface AgentView { state: { name: string; reason: string | null }; interaction: { phase: string } | null }

/** One agent: logs in and goes READY, accepts what is offered, sets a disposition after each call. */
export function agentBot(base: string, config: AppConfig, agentId: string, onError: (m: string) => void): Bot {
  // The bots act for every agent, so they use the break-glass administrator token.
  const headers = { authorization: `Bearer ${config.http.adminToken}` };
  const codes = config.dispositionCodes;
  let stopped = false;
  let busy = false;
  let calls = 0;
  const step = async () => {
    if (stopped || busy) return;
    busy = true;
    try {
      const { json } = await call(base, 'GET', `/v1/agents/${agentId}`, headers);
      const v = json as AgentView;
      if (v.interaction?.phase === 'offered') await call(base, 'POST', `/v1/agents/${agentId}/preview/accept`, headers);
      else if (v.state.name === 'WRAP_UP') {
        await call(base, 'POST', `/v1/agents/${agentId}/disposition`, headers, { code: codes[calls++ % Math.max(1, codes.length)] ?? 'Resolved' });
      } else if (v.state.name === 'LOGGED_OUT' || v.state.name === 'NOT_READY') {
        await call(base, 'PUT', `/v1/agents/${agentId}/state`, headers, { state: 'READY' });
      }
    } catch (e) {
      if (!stopped) onError(`agent ${agentId}: ${String(e)}`);
    } finally {
      busy = false;
    }
  };
  const t = setInterval(() => void step(), 700);
  void step();
  return { stop: () => { stopped = true; clearInterval(t); } };
}
