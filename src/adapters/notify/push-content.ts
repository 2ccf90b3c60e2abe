/** What a push shows: a title and a line per kind, overridable by the request's payload. */
import type { PushMessage } from '../../app/ports/notifier.js';

const DEFAULTS: Record<string, { title: string; body: string }> = {
  'callback-ready': { title: 'Your callback is ready', body: 'An agent is free now: accept, snooze or cancel.' },
  'callback-status': { title: 'Your callback', body: 'There is news about your callback.' },
};

export interface PushContent { id: string; kind: string; callbackId: string | null; title: string; body: string; data: Record<string, unknown> }

export function pushContent(m: PushMessage): PushContent {
  const d = DEFAULTS[m.kind] ?? DEFAULTS['callback-status']!;
  const title = typeof m.payload['title'] === 'string' ? m.payload['title'] : d.title;
  const body = typeof m.payload['body'] === 'string' ? m.payload['body'] : d.body;
  return { id: m.id, kind: m.kind, callbackId: m.callbackId ?? null, title, body, data: m.payload };
}

/** FCM and APNs custom data: flat string values. */
export function flatData(c: PushContent): Record<string, string> {
  const out: Record<string, string> = { messageId: c.id, kind: c.kind };
  if (c.callbackId) out['callbackId'] = c.callbackId;
  for (const [k, v] of Object.entries(c.data)) if (!(k in out)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}
