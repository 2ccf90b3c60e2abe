/** Recent refusals and errors (in-memory ring on the server) and the audit log of admin actions. */
import { api } from '../shared/http.js';
import { section, table, time } from './tables.js';

const base = location.origin;

interface Refusal { at: string; status: number; code: string; message: string; method: string; route: string; url: string; ip: string; who: string }
interface AuditEntry { at: string; actor: string; action: string; target: string }

export async function activityView(): Promise<HTMLElement[]> {
  const [refusals, audit] = await Promise.all([
    api<{ capacity: number; items: Refusal[] }>(base, 'GET', '/v1/admin/refusals?limit=50'),
    api<{ items: AuditEntry[] }>(base, 'GET', '/v1/admin/audit?limit=50'),
  ]);
  return [
    section('Audit log',
      table('Audit log', ['When', 'Who', 'What', 'On'], audit.items.map((e) => [time(e.at), e.actor, e.action, e.target]), 'No admin actions yet.')),
    section(`Recent refusals and errors (last ${refusals.capacity}, since the server started)`,
      table('Recent refusals and errors', ['When', 'Status', 'Code', 'Why', 'Route', 'From'], refusals.items.map((r) => [
        time(r.at), r.status, r.code, r.message, `${r.method} ${r.url}`, `${r.ip} · ${r.who}`,
      ]), 'No refused requests.')),
  ];
}
