/** Read-only lookup of what config.yaml defines, in domain terms. */
import { HoldlessError } from '../domain/errors.js';
import { effectiveRules } from '../domain/abuse-rules.js';
import type { AgentDef, CalendarDef, NumberRules, ServiceDef, SubjectDef } from '../domain/model.js';

export interface CatalogInput {
  companyName: string;
  services: ServiceDef[];
  subjects: SubjectDef[];
  calendars: CalendarDef[];
  agents: AgentDef[];
  rules: NumberRules;
  reasonCodes: string[];
  dispositionCodes: string[];
}

export interface Catalog extends CatalogInput {
  /** `field`: the request field that named the id (its error then points at that field). */
  service(id: string, field?: string): ServiceDef;
  subject(id: string, field?: string): SubjectDef;
  calendarOf(service: ServiceDef): CalendarDef;
  agent(id: string): AgentDef;
  /** The number/abuse rules of a service: its own `rules` over the global ones. */
  rulesFor(service: ServiceDef | undefined): NumberRules;
}

const byId = <T extends { id: string }>(list: T[]): Map<string, T> => new Map(list.map((x) => [x.id, x]));

export function createCatalog(input: CatalogInput): Catalog {
  const services = byId(input.services);
  const subjects = byId(input.subjects);
  const calendars = byId(input.calendars);
  const agents = byId(input.agents);
  const lookup = <T>(map: Map<string, T>, id: string, code: string, what: string, field?: string): T => {
    const found = map.get(id);
    if (!found) throw new HoldlessError(code, `Unknown ${what} '${id}'.`, field ? { id, field } : { id });
    return found;
  };
  return {
    ...input,
    service: (id, field) => lookup(services, id, 'SERVICE_NOT_FOUND', 'service', field),
    subject: (id, field) => lookup(subjects, id, 'SUBJECT_NOT_FOUND', 'subject', field),
    calendarOf: (s) => lookup(calendars, s.calendarId, 'CALENDAR_NOT_FOUND', 'calendar'),
    agent: (id) => lookup(agents, id, 'AGENT_NOT_FOUND', 'agent'),
    rulesFor: (s) => effectiveRules(input.rules, s),
  };
}
