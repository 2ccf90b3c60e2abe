/** The validated file shape → AppConfig: friendly names to domain names, paths made absolute. */
import { isAbsolute, resolve } from 'node:path';
import type { CalendarDef, ServiceDef } from '../../domain/model.js';
import type { ConfigFile } from './schema.js';
import { sha256Hex, type ApiKeyDef } from '../../app/access/directory.js';
import type { AppConfig } from './types.js';

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
    telephony: {
      ...file.telephony,
      flowsDir: under(baseDir, file.telephony.flowsDir),
      promptsDir: under(baseDir, file.telephony.promptsDir),
    },
    logging: file.logging,
    calendars: file.calendars as CalendarDef[],
    services: file.services.map(({ calendar, ...rest }): ServiceDef => ({ ...rest, calendarId: calendar }) as ServiceDef),
    subjects: file.subjects.map(({ service, ...rest }) => ({ ...rest, serviceId: service })),
    agents: file.agents.map(({ passwordHash: _credential, ...agent }) => agent),
    reasonCodes: file.reasonCodes,
    dispositionCodes: file.dispositionCodes,
    rules: file.rules,
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
