/** The running configuration, read-only: services and their settings, calendars, CORS origins. */
import { h } from '../shared/dom.js';
import { list, section, table } from './tables.js';

/** In config.yaml but not yet running ('added'), or running but gone from config.yaml ('removed'). */
export type Pending = 'added' | 'removed';

export interface Overview {
  services: {
    id: string; name: string; calendarId: string; slotMinutes: number; priority: number; dialMode: unknown; skills: unknown;
    capacity: { default: number; overrides: unknown[] }; offer: Record<string, unknown>; retry: Record<string, unknown>;
    ringTimeoutSeconds: number; wrapUpSeconds: number; horizonDays: number; leadMinutes: number;
  }[];
  calendars: { id: string; timezone?: string; zone?: string }[];
  rules: unknown;
  corsOrigins: string[];
  users: { id: string; role: string; agentId?: string; pending?: Pending }[];
  apiKeys: { id: string; services: string[] | 'all'; operations: string[]; ratePerMinute: number; pending?: Pending }[];
  configWritable: boolean;
}

const pairs = (o: unknown): string => (o && typeof o === 'object'
  ? Object.entries(o as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ')
  : String(o ?? ''));

export function configView(o: Overview): HTMLElement[] {
  return [
    section('Services',
      table('Services', ['Service', 'Calendar', 'Slots', 'Capacity', 'Offer', 'Retry', 'Dial'], o.services.map((s) => [
        h('span', {}, h('b', {}, s.name), h('span', { class: 'cell-sub' }, `${s.id} · priority ${s.priority}`)),
        s.calendarId, `${s.slotMinutes} min, ${s.horizonDays} days ahead`,
        `${s.capacity.default} per slot${s.capacity.overrides.length ? ` (+${s.capacity.overrides.length} overrides)` : ''}`,
        pairs(s.offer), pairs(s.retry), `${pairs(s.dialMode)}; ring ${s.ringTimeoutSeconds} s; wrap-up ${s.wrapUpSeconds} s`,
      ]))),
    section('Calendars', table('Calendars', ['Calendar', 'Settings'], o.calendars.map(({ id, ...rest }) => [id, pairs(rest)]))),
    section('Number rules', h('p', { style: 'margin:0;word-break:break-word' }, pairs(o.rules))),
    section('CORS origins', h('p', { style: 'margin:0' }, list(o.corsOrigins) || 'none')),
  ];
}
