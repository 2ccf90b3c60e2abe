/** The validated file shape → AppConfig: friendly names to domain names, paths made absolute. */
import { isAbsolute, resolve } from 'node:path';
import type { CalendarDef, ServiceDef } from '../../domain/model.js';
import type { ConfigFile } from './schema.js';
import { sha256Hex, type ApiKeyDef } from '../../app/access/directory.js';
import type { AppConfig, TrunkConfig } from './types.js';

const under = (baseDir: string, p: string): string => (p === ':memory:' || isAbsolute(p) ? p : resolve(baseDir, p));

export function toAppConfig(file: ConfigFile, baseDir: string): AppConfig {
  return {
    baseDir,
    company: file.company,
    http: { ...file.http, apiKeys: file.http.apiKeys.map(apiKeyDef) },
    accounts: [
      ...file.users.map((u) => ({ id: u.id, role: u.role, passwordHash: u.passwordHash })),
      ...file.agents.flatMap((a) => (a.passwordHash ? [{ id: a.id, role: 'agent' as const, agentId: a.id, passwordHash: a.passwordHash }] : [])),
    ],
    storage: { ...file.storage, path: under(baseDir, file.storage.path) },
    cluster: file.cluster,
    telephony: {
      ...file.telephony,
      flowsDir: under(baseDir, file.telephony.flowsDir),
      promptsDir: under(baseDir, file.telephony.promptsDir),
      trunks: trunksOf(file.telephony),
    },
    logging: file.logging,
    calendars: file.calendars as CalendarDef[],
    services: file.services.map(({ calendar, captcha: _captcha, ...rest }): ServiceDef => ({ ...rest, calendarId: calendar }) as ServiceDef),
    subjects: file.subjects.map(({ service, ...rest }) => ({ ...rest, serviceId: service })),
    agents: file.agents.map(({ register, sip, passwordHash: _credential, ...rest }) => ({
      ...rest,
      // A registering phone is rung at its contact; its address of record stands in for `sip`.
      sip: sip ?? `sip:${register?.username ?? rest.id}@${file.telephony.registrar.realm}`,
      ...(register ? { phone: register } : {}),
    })),
    reasonCodes: file.reasonCodes,
    dispositionCodes: file.dispositionCodes,
    rules: file.rules,
    notify: { ...file.notify, caFile: file.notify.caFile === undefined ? undefined : under(baseDir, file.notify.caFile) },
    captcha: { ...file.captcha, requiredFor: file.services.filter((s) => s.captcha === 'required').map((s) => s.id) },
    push: file.push,
    reports: file.reports,
  };
}

type ApiKeyFile = ConfigFile['http']['apiKeys'][number];

/** Only the key's hash is kept; a key given in clear (from an environment variable) is hashed here. */
const apiKeyDef = (k: ApiKeyFile): ApiKeyDef => ({
  id: k.id,
  keyHash: k.keyHash ?? sha256Hex(k.key ?? ''),
  services: k.services.includes('*') ? 'all' : k.services,
  operations: k.operations,
  ratePerMinute: k.ratePerMinute,
});

type TelephonyFile = ConfigFile['telephony'];

/** `trunks` sorted by priority; without any, the single `trunk` as an IP-based trunk without auth. */
function trunksOf(t: TelephonyFile): TrunkConfig[] {
  if (t.trunks.length === 0) {
    return [{ id: 'default', host: t.trunk.host, proxy: t.trunk.proxy, priority: 1, register: false, registerExpiresSeconds: 600, inboundAddresses: [], assertIdentity: false }];
  }
  return [...t.trunks]
    .sort((a, b) => a.priority - b.priority)
    .map(({ username, password, inboundAddresses, ...rest }) => ({
      ...rest,
      auth: username ? { username, password: password ?? '' } : undefined,
      inboundAddresses: addressList(inboundAddresses),
    }));
}

export const addressList = (v: string[] | string): string[] =>
  (Array.isArray(v) ? v : v.split(',')).map((a) => a.trim()).filter(Boolean);
