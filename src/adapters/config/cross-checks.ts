/**
 * Checks one schema cannot express: references between sections, duplicate ids, time zones,
 * real dates, from < to, regexes that compile, valid phone numbers, default secrets.
 * Runs on data that may have failed the schema, so every access is defensive: the admin sees
 * schema and reference problems in the same run.
 */
import { DateTime, IANAZone } from 'luxon';
import { getCountries, isValidPhoneNumber, type CountryCode } from 'libphonenumber-js';
import { WEEKDAYS } from '../../domain/model.js';
import { DATE_PATTERN, E164_PATTERN, HHMM_PATTERN } from './schema.js';
import type { FoundProblem, KeyPath } from './problems.js';
import { checkAccess } from './access-checks.js';
import { checkNotify } from './notify-checks.js';
import { checkSip } from './sip-checks.js';

type Rec = Record<string, unknown>;
const rec = (x: unknown): Rec => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Rec) : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

const DEFAULT_SECRETS = new Set(['cymru', 'ClueCon']);
const countries = new Set<string>(getCountries());

export interface CrossCheckResult { errors: FoundProblem[]; warnings: FoundProblem[] }

export function crossCheck(data: unknown): CrossCheckResult {
  const root = rec(data);
  const out: CrossCheckResult = { errors: [], warnings: [] };
  const calendarIds = uniqueIds(root['calendars'], ['calendars'], out);
  const serviceIds = uniqueIds(root['services'], ['services'], out);
  uniqueIds(root['subjects'], ['subjects'], out);
  uniqueIds(root['agents'], ['agents'], out);
  uniqueIds(rec(root['http'])['apiKeys'], ['http', 'apiKeys'], out);
  list(root['calendars']).forEach((c, i) => checkCalendar(rec(c), ['calendars', i], out));
  list(root['services']).forEach((s, i) => checkService(rec(s), ['services', i], calendarIds, out));
  list(root['subjects']).forEach((s, i) => {
    const service = str(rec(s)['service']);
    if (service !== undefined && !serviceIds.has(service)) {
      out.errors.push({ path: ['subjects', i, 'service'], message: `unknown service "${service}" (known: ${[...serviceIds].join(', ')})` });
    }
  });
  for (const id of Object.keys(rec(rec(root['reports'])['services']))) {
    if (!serviceIds.has(id)) out.errors.push({ path: ['reports', 'services', id], message: `unknown service "${id}" (known: ${[...serviceIds].join(', ')})` });
  }
  checkRules(rec(root['rules']), ['rules'], out);
  list(root['services']).forEach((s, i) => {
    const own = rec(s)['rules'];
    if (own !== undefined) checkRules(rec(own), ['services', i, 'rules'], out);
  });
  checkTelephony(rec(root['telephony']), out);
  checkAgentSkills(root, out);
  uniqueIds(root['users'], ['users'], out);
  checkAccess(root, serviceIds, out.errors);
  checkNotify(root, serviceIds, out);
  checkSip(root, out.errors, out.warnings);
  return out;
}

/** Ids of a list section; a repeated id is an error on its second occurrence. */
function uniqueIds(items: unknown, path: KeyPath, out: CrossCheckResult): Set<string> {
  const ids = new Set<string>();
  list(items).forEach((item, i) => {
    const id = str(rec(item)['id']);
    if (id === undefined) return;
    if (ids.has(id)) out.errors.push({ path: [...path, i, 'id'], message: `duplicate id "${id}"` });
    ids.add(id);
  });
  return ids;
}

function checkCalendar(cal: Rec, path: KeyPath, out: CrossCheckResult): void {
  const zone = str(cal['timezone']);
  if (zone !== undefined && zone !== '' && !IANAZone.isValidZone(zone)) {
    out.errors.push({ path: [...path, 'timezone'], message: `unknown IANA time zone "${zone}" (e.g. Europe/Berlin)` });
  }
  const weekly = rec(cal['weekly']);
  for (const day of WEEKDAYS) checkIntervals(weekly[day], [...path, 'weekly', day], out);
  list(cal['holidays']).forEach((h, i) => checkDate(rec(h)['date'], [...path, 'holidays', i, 'date'], out));
  list(cal['specialDays']).forEach((d, i) => {
    checkDate(rec(d)['date'], [...path, 'specialDays', i, 'date'], out);
    checkIntervals(rec(d)['hours'], [...path, 'specialDays', i, 'hours'], out);
  });
}

const minutesOf = (hhmm: unknown): number | undefined => {
  if (typeof hhmm !== 'string' || !new RegExp(HHMM_PATTERN).test(hhmm)) return undefined;
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Each interval from < to; intervals of one day in order and not overlapping. */
function checkIntervals(intervals: unknown, path: KeyPath, out: CrossCheckResult): void {
  let previousEnd = -1;
  list(intervals).forEach((iv, i) => {
    const ok = checkFromTo(rec(iv), [...path, i], out);
    if (!ok) return;
    const [from, to] = ok;
    if (from < previousEnd) out.errors.push({ path: [...path, i], message: 'overlaps or precedes the previous interval (list intervals in order)' });
    previousEnd = to;
  });
}

function checkFromTo(iv: Rec, path: KeyPath, out: CrossCheckResult): [number, number] | undefined {
  const from = minutesOf(iv['from']);
  const to = minutesOf(iv['to']);
  if (from === undefined || to === undefined) return undefined;
  if (from >= to) {
    out.errors.push({ path, message: `"from" ${String(iv['from'])} must be before "to" ${String(iv['to'])}` });
    return undefined;
  }
  return [from, to];
}

function checkDate(date: unknown, path: KeyPath, out: CrossCheckResult): void {
  if (typeof date !== 'string' || !new RegExp(DATE_PATTERN).test(date)) return;
  if (!DateTime.fromISO(date).isValid) out.errors.push({ path, message: `"${date}" is not a real date` });
}

function checkService(svc: Rec, path: KeyPath, calendarIds: Set<string>, out: CrossCheckResult): void {
  const calendar = str(svc['calendar']);
  if (calendar !== undefined && !calendarIds.has(calendar)) {
    out.errors.push({ path: [...path, 'calendar'], message: `unknown calendar "${calendar}" (known: ${[...calendarIds].join(', ')})` });
  }
  const callerId = str(svc['callerId']);
  if (callerId !== undefined && new RegExp(E164_PATTERN).test(callerId) && !isValidPhoneNumber(callerId)) {
    out.errors.push({ path: [...path, 'callerId'], message: `"${callerId}" is not a valid phone number` });
  }
  checkCountry(svc['defaultCountry'], [...path, 'defaultCountry'], out);
  list(rec(svc['capacity'])['overrides']).forEach((o, i) => {
    const overridePath = [...path, 'capacity', 'overrides', i];
    checkFromTo(rec(o), overridePath, out);
    checkDate(rec(o)['date'], [...overridePath, 'date'], out);
  });
  let previous = -1;
  list(rec(svc['skills'])['expansion']).forEach((step, i) => {
    const after = rec(step)['afterSeconds'];
    if (typeof after !== 'number') return;
    if (after <= previous) out.errors.push({ path: [...path, 'skills', 'expansion', i, 'afterSeconds'], message: 'must be later than the previous expansion step' });
    previous = after;
  });
}

function checkCountry(code: unknown, path: KeyPath, out: CrossCheckResult): void {
  if (typeof code === 'string' && /^[A-Z]{2}$/.test(code) && !countries.has(code as CountryCode)) {
    out.errors.push({ path, message: `unknown country code "${code}"` });
  }
}

function checkRules(rules: Rec, at: (string | number)[], out: CrossCheckResult): void {
  list(rules['allowedCountries']).forEach((c, i) => checkCountry(c, [...at, 'allowedCountries', i], out));
  list(rules['blockedPatterns']).forEach((p, i) => {
    if (typeof p !== 'string') return;
    try {
      new RegExp(p);
    } catch (e) {
      out.errors.push({ path: [...at, 'blockedPatterns', i], message: `is not a valid regular expression (${(e as Error).message.split(': ').pop()})` });
    }
  });
  if (rules['callingWindow'] !== undefined) checkFromTo(rec(rules['callingWindow']), [...at, 'callingWindow'], out);
}

function checkTelephony(tel: Rec, out: CrossCheckResult): void {
  if (tel['driver'] !== 'drachtio' || tel['allowDefaultSecrets'] === true) return;
  const advice = 'is a well-known default secret; set a real one (or telephony.allowDefaultSecrets: true, development only)';
  if (DEFAULT_SECRETS.has(String(rec(tel['drachtio'])['secret']))) out.errors.push({ path: ['telephony', 'drachtio', 'secret'], message: advice });
  list(tel['mediaServers']).forEach((m, i) => {
    if (DEFAULT_SECRETS.has(String(rec(m)['secret']))) out.errors.push({ path: ['telephony', 'mediaServers', i, 'secret'], message: advice });
  });
  if (list(tel['mediaServers']).length === 0) out.warnings.push({ path: ['telephony', 'mediaServers'], message: 'no media server: calls cannot be answered or dialled' });
}

/** An agent skill no service or subject asks for is probably a typo: warn, do not refuse. */
function checkAgentSkills(root: Rec, out: CrossCheckResult): void {
  const wanted = new Set<string>();
  const collect = (reqs: unknown) => list(reqs).forEach((r) => { const s = str(rec(r)['skill']); if (s) wanted.add(s); });
  for (const s of list(root['services'])) {
    collect(rec(rec(s)['skills'])['allOf']);
    collect(rec(rec(s)['skills'])['anyOf']);
  }
  for (const s of list(root['subjects'])) collect(rec(s)['extraSkills']);
  list(root['agents']).forEach((a, i) => {
    for (const skill of Object.keys(rec(rec(a)['skills']))) {
      if (!wanted.has(skill)) out.warnings.push({ path: ['agents', i, 'skills', skill], atKey: true, message: `skill "${skill}" is not required by any service or subject` });
    }
  });
}
