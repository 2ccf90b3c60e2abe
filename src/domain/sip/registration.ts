/**
 * REGISTER semantics of RFC 3261 §10.3 for one address of record (an agent's phone):
 * which contacts the request adds, refreshes or removes, and for how long.
 * Pure: the request's headers and `now` come in, the binding changes go out.
 */
import type { Instant } from '../model.js';

export interface ContactParam { uri: string; expires?: number }
export type ContactHeader = { kind: 'wildcard' } | { kind: 'contacts'; contacts: ContactParam[] } | { kind: 'none' };

export interface ExpiryRules { minSeconds: number; maxSeconds: number; defaultSeconds: number }

/** A phone's binding: where to ring the agent until `expiresAt`. */
export interface PhoneBinding {
  agentId: string;
  contact: string;
  expiresAt: Instant;
  callId: string;
  cseq: number;
  source: string;
  userAgent?: string;
  updatedAt: Instant;
}

/** Splits a header on commas outside <...> and quotes. */
function splitList(header: string): string[] {
  const parts: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i];
    if (ch === '"' && header[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '<') depth++;
    else if (!quoted && ch === '>') depth--;
    else if (!quoted && depth === 0 && ch === ',') { parts.push(header.slice(start, i)); start = i + 1; }
  }
  parts.push(header.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** `"Alice" <sip:alice@10.0.0.5:5062;transport=udp>;expires=300, <sip:...>` or `*`. */
export function parseContactHeader(values: string[]): ContactHeader | undefined {
  const items = values.flatMap(splitList);
  if (items.length === 0) return { kind: 'none' };
  if (items.length === 1 && items[0] === '*') return { kind: 'wildcard' };
  const contacts: ContactParam[] = [];
  for (const item of items) {
    const angled = /<([^>]+)>(.*)$/.exec(item);
    const uri = angled ? angled[1]!.trim() : item.split(';')[0]!.trim();
    const params = angled ? angled[2]! : item.slice(item.indexOf(';') >= 0 ? item.indexOf(';') : item.length);
    if (!/^sips?:\S+$/i.test(uri)) return undefined;
    const e = /;\s*expires\s*=\s*"?(\d+)"?/i.exec(params);
    contacts.push({ uri, expires: e ? Number(e[1]) : undefined });
  }
  return { kind: 'contacts', contacts };
}

export type BindingPlan =
  | { kind: 'query' }
  | { kind: 'remove-all' }
  | { kind: 'update'; upserts: { uri: string; expiresAt: Instant; seconds: number }[]; removals: string[] }
  | { kind: 'too-brief'; minSeconds: number }
  | { kind: 'bad-request'; reason: string };

/**
 * What a REGISTER asks for: the Expires header is the default for contacts without their own
 * expires; 0 removes; below the minimum is 423 (unless 0); above the maximum is shortened.
 */
export function planBindings(contact: ContactHeader, expiresHeader: number | undefined, rules: ExpiryRules, now: Instant): BindingPlan {
  if (contact.kind === 'none') return { kind: 'query' };
  if (contact.kind === 'wildcard') {
    return expiresHeader === 0 ? { kind: 'remove-all' } : { kind: 'bad-request', reason: 'Contact: * needs Expires: 0' };
  }
  const upserts: { uri: string; expiresAt: Instant; seconds: number }[] = [];
  const removals: string[] = [];
  for (const c of contact.contacts) {
    const asked = c.expires ?? expiresHeader ?? rules.defaultSeconds;
    if (asked === 0) { removals.push(c.uri); continue; }
    if (asked < rules.minSeconds) return { kind: 'too-brief', minSeconds: rules.minSeconds };
    const seconds = Math.min(asked, rules.maxSeconds);
    upserts.push({ uri: c.uri, seconds, expiresAt: now + seconds * 1000 });
  }
  return { kind: 'update', upserts, removals };
}

/** Live bindings, most recently refreshed first (the one to ring). */
export function liveBindings(bindings: PhoneBinding[], now: Instant): PhoneBinding[] {
  return bindings.filter((b) => b.expiresAt > now).sort((a, b) => b.updatedAt - a.updatedAt || b.expiresAt - a.expiresAt);
}

/** RFC 3261 §10.3 step 7: a request with the same Call-ID and a CSeq not higher is stale. */
export function isOutOfOrder(existing: PhoneBinding | undefined, callId: string, cseq: number): boolean {
  return existing !== undefined && existing.callId === callId && cseq <= existing.cseq;
}
