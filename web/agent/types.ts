/** The agent API's JSON (src/adapters/http/routes/agents.ts). */
import type { PhoneView } from '../shared/phone.js';
export interface AgentStateView {
  name: 'LOGGED_OUT' | 'NOT_READY' | 'READY' | 'RESERVED' | 'ON_CALL' | 'WRAP_UP'; since: string; reason: string | null; until: string | null;
  /** Not Ready asked for during a call: applied when the call and its wrap-up end. */
  pendingReason?: string | null;
}
export interface AttemptView { number: number; outcome: string | null; sipCode: number | null; startedAt: string; endedAt: string | null }
export interface CallbackContextView {
  id: string; serviceId: string; subjectId: string | null; subject: string | null; state: string;
  customerId: string | null; firstName: string | null; lastName: string | null; phone: string; phoneRedacted: string;
  phoneNational?: string | null; phoneCountry?: string | null;
  language: string | null; notes: string | null; context: Record<string, string>; attempts: AttemptView[]; queuedSince: string;
}
/** A live caller who called in (Click-To-Call-In): the request's context. */
export interface CallerContextView {
  callInId: string; serviceId: string; subjectId: string | null; subject: string | null; callbackId: string | null;
  customerId: string | null; firstName: string | null; lastName: string | null; phone: string | null;
  language: string | null; notes: string | null; context: Record<string, string>; queuedSince: string;
}
export interface InteractionView {
  kind: 'callback' | 'call'; id: string; serviceId: string; phase: 'offered' | 'dialing' | 'ringing-agent' | 'connected' | 'wrap-up';
  since: string; callback: CallbackContextView | null; disposition?: { code: string; notes: string | null; at: string } | null;
  caller?: CallerContextView | null;
}
export interface AgentView { id: string; name: string; state: AgentStateView; at?: string; phone?: PhoneView; interaction: InteractionView | null }
export interface Codes { reasonCodes: string[]; dispositionCodes: string[] }
