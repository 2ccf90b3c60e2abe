/** The validated file shape → AppConfig: friendly names to domain names, paths made absolute. */
import { isAbsolute, resolve } from 'node:path';
import type { CalendarDef, ServiceDef } from '../../domain/model.js';
import type { ConfigFile } from './schema.js';
import type { AppConfig } from './types.js';

const under = (baseDir: string, p: string): string => (p === ':memory:' || isAbsolute(p) ? p : resolve(baseDir, p));

export function toAppConfig(file: ConfigFile, baseDir: string): AppConfig {
  return {
    baseDir,
    company: file.company,
    http: file.http,
    storage: { ...file.storage, path: under(baseDir, file.storage.path) },
    telephony: {
      ...file.telephony,
      flowsDir: under(baseDir, file.telephony.flowsDir),
      promptsDir: under(baseDir, file.telephony.promptsDir),
    },
    logging: file.logging,
    calendars: file.calendars as CalendarDef[],
    services: file.services.map(({ calendar, captcha: _captcha, ...rest }): ServiceDef => ({ ...rest, calendarId: calendar }) as ServiceDef),
    subjects: file.subjects.map(({ service, ...rest }) => ({ ...rest, serviceId: service })),
    agents: file.agents,
    reasonCodes: file.reasonCodes,
    dispositionCodes: file.dispositionCodes,
    rules: file.rules,
    notify: { ...file.notify, caFile: file.notify.caFile === undefined ? undefined : under(baseDir, file.notify.caFile) },
    captcha: { ...file.captcha, requiredFor: file.services.filter((s) => s.captcha === 'required').map((s) => s.id) },
  };
}
