/** An agent phone's registration state, as the agent and supervisor pages show it. */
import { h } from './dom.js';
import { localTime } from './session.js';

/** AgentView.phone / supervisor summary agents.list[].phone (src/app/registrar/phones.ts). */
export interface PhoneView { mode: 'static' | 'register'; registered: boolean; contact: string | null; expiresAt: string | null }

export function phoneText(p: PhoneView | undefined): string {
  if (!p || p.mode === 'static') return 'Phone: fixed SIP address';
  if (!p.registered) return 'Phone: not registered: register your desk phone to go Ready';
  return `Phone: registered${p.expiresAt ? ` until ${localTime(p.expiresAt, false)}` : ''}`;
}

/** A small badge: registered / unregistered (nothing for a static URI). */
export function phoneBadge(p: PhoneView | undefined): HTMLElement | null {
  if (!p || p.mode === 'static') return null;
  return h('span', { class: `badge ${p.registered ? 'READY' : 'NOT_READY'}`, 'data-phone': p.registered ? 'registered' : 'unregistered', title: p.contact ?? 'no binding' },
    p.registered ? 'phone registered' : 'phone unregistered');
}
