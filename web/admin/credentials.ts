/**
 * Users and API keys: lists, create (the new password or key is shown once), revoke. Writes go to
 * config.yaml on the server; a restart or config reload applies them to sign-in and key checks.
 */
import { fill, h } from '../shared/dom.js';
import { api, ApiError } from '../shared/http.js';
import type { Overview, Pending } from './config-view.js';
import { list, section, table } from './tables.js';

const base = location.origin;
const ROLES = ['administrator', 'supervisor', 'monitor', 'developer'];

/** `status` outlives the re-render after a change, so the one-time secret stays on screen. */
export interface CredentialsOptions { canWrite: boolean; writable: boolean; changed: () => void; status: HTMLElement; self: string }

const PENDING: Record<Pending, string> = { added: 'added, applies after a restart or reload', removed: 'revoked, applies after a restart or reload' };
const named = (id: string, pending?: Pending): HTMLElement =>
  h('span', {}, pending === 'removed' ? h('s', {}, id) : id, pending ? h('span', { class: 'cell-sub', 'data-pending': pending }, PENDING[pending]) : '');

const messageOf = (e: unknown): string => (e instanceof ApiError ? `${e.message} (${e.code})` : 'Something went wrong.');

function field(id: string, label: string, input: HTMLElement): HTMLElement {
  return h('div', { class: 'field', style: 'margin:0' }, h('label', { for: id }, label), input);
}

export function credentialsView(o: Overview, opts: CredentialsOptions): HTMLElement[] {
  const { status } = opts;
  const show = (el: HTMLElement) => fill(status, el);
  const once = (what: string, secret: string) => show(h('div', { class: 'undo', 'data-secret': '' },
    h('p', { style: 'margin:0 0 6px' }, `${what} — copy it now, it is shown only once:`),
    h('code', { style: 'font-size:15px;word-break:break-all' }, secret),
    h('p', { class: 'muted', style: 'margin:6px 0 0' }, 'Written to config.yaml. A restart or config reload applies it.')));
  const act = (work: () => Promise<void>) => work().then(opts.changed).catch((e) => show(h('p', { class: 'error', role: 'alert' }, messageOf(e))));
  const revoke = (label: string, path: string) => h('button', {
    class: 'btn danger', type: 'button', 'aria-label': label,
    onclick: () => { if (confirm(`${label}?`)) act(async () => { await api(base, 'DELETE', path); show(h('p', { class: 'ok' }, `${label}: done. A restart or config reload applies it.`)); }); },
  }, 'Revoke');
  const writes = opts.canWrite && opts.writable;

  const userId = h('input', { id: 'nu-id', name: 'id', required: true, pattern: '[a-z0-9][a-z0-9._-]*', autocomplete: 'off' });
  const role = h('select', { id: 'nu-role', name: 'role' }, ROLES.map((r) => h('option', { value: r }, r)));
  const userForm = h('form', {
    class: 'row', style: 'align-items:flex-end;margin-top:10px', 'aria-label': 'Add a user',
    onsubmit: (e: Event) => { e.preventDefault(); act(async () => { const r = await api<{ id: string; password: string }>(base, 'POST', '/v1/admin/users', { body: { id: userId.value.trim(), role: role.value } }); once(`Initial password of ${r.id}`, r.password); }); },
  }, field('nu-id', 'New user id', userId), field('nu-role', 'Role', role), h('button', { class: 'btn primary', type: 'submit' }, 'Add user'));

  const keyId = h('input', { id: 'nk-id', name: 'id', required: true, pattern: '[a-z0-9][a-z0-9._-]*', autocomplete: 'off' });
  const services = h('input', { id: 'nk-services', name: 'services', placeholder: '* (all)', autocomplete: 'off' });
  const keyForm = h('form', {
    class: 'row', style: 'align-items:flex-end;margin-top:10px', 'aria-label': 'Create an API key',
    onsubmit: (e: Event) => {
      e.preventDefault();
      const svc = services.value.split(',').map((s) => s.trim()).filter(Boolean);
      act(async () => { const r = await api<{ id: string; key: string }>(base, 'POST', '/v1/admin/api-keys', { body: { id: keyId.value.trim(), ...(svc.length ? { services: svc } : {}) } }); once(`API key ${r.id}`, r.key); });
    },
  }, field('nk-id', 'New key id', keyId), field('nk-services', 'Services (comma separated)', services), h('button', { class: 'btn primary', type: 'submit' }, 'Create key'));

  const note = !opts.canWrite ? 'Read-only: only administrators change users and keys.'
    : !opts.writable ? 'This server was started without a config file to write to.'
      : 'Changes are written to config.yaml (comments kept, checked before writing). A restart or config reload applies them.';
  return [
    section('Users',
      table('Users', ['User', 'Role', ''], o.users.map((u) => [named(u.id, u.pending), u.agentId ? `${u.role} (agent)` : u.role, writes && !u.agentId && u.pending !== 'removed' && u.id !== opts.self ? revoke(`Revoke user ${u.id}`, `/v1/admin/users/${encodeURIComponent(u.id)}`) : ''])),
      ...(writes ? [userForm] : [])),
    section('API keys',
      table('API keys', ['Key', 'Services', 'Operations', 'Per minute', ''], o.apiKeys.map((k) => [named(k.id, k.pending), list(k.services), list(k.operations), k.ratePerMinute,
        writes && k.pending !== 'removed' ? revoke(`Revoke API key ${k.id}`, `/v1/admin/api-keys/${encodeURIComponent(k.id)}`) : ''])),
      ...(writes ? [keyForm] : []),
      h('p', { class: 'muted', style: 'margin:10px 0 0' }, note), status),
  ];
}
