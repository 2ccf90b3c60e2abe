/** AppConfig builders for tests: small, explicit, independent of the shipped config.yaml. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../adapters/config/types.js';
import { sha256Hex, type Account, type ApiKeyDef } from '../app/access/directory.js';
import { API_OPERATIONS } from '../app/access/roles.js';
import type { CalendarDef, ServiceDef } from '../domain/model.js';

const weekdays = { from: '08:00', to: '18:00' };

export const testCalendar = (over: Partial<CalendarDef> = {}): CalendarDef => ({
  id: 'office',
  timezone: 'Europe/Berlin',
  weekly: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] },
  holidays: [{ date: '2026-12-08', name: 'Staff day' }, { date: '2026-12-25', name: 'Christmas' }],
  specialDays: [],
  ...over,
});

export const testService = (over: Partial<ServiceDef> = {}): ServiceDef => ({
  id: 'billing',
  name: 'Billing',
  skills: { allOf: [{ skill: 'billing', minLevel: 1 }], anyOf: [], expansion: [] },
  calendarId: 'office',
  slotMinutes: 30,
  capacity: { default: 2, overrides: [] },
  retry: { maxAttempts: 3, intervalMinutes: 10, perOutcome: { BUSY: { intervalMinutes: 5 } } },
  purgeAfterMinutes: 1440,
  expireAtEndOfDay: false,
  dialMode: 'reserved',
  offer: { autoTransferBelowSeconds: 120, upperPlaybackSeconds: 1800 },
  callerId: '+493012345678',
  priority: 5,
  language: 'en',
  defaultCountry: 'DE',
  leadMinutes: 0,
  horizonDays: 30,
  initialHandleSeconds: 300,
  ringTimeoutSeconds: 25,
  wrapUpSeconds: 30,
  ...over,
});

/**
 * Sign-in accounts for tests: password `<id>-password` for each (scrypt with a low cost, so tests
 * stay fast; the cost is part of the hash). alice and bob are agents.
 */
const HASHES: Record<string, string> = {
  alice: 'scrypt$1024$8$1$R0JHehMfvJrh7IsNYgghHw==$t5rU/aiccOt+ifVrbLdi9ldrszNc2DLAoHXG/4li84c=',
  bob: 'scrypt$1024$8$1$xS0eCOwjl4N24bqzawEdXw==$dAWd4nYiIBylKeO/vR8gpVLRgrxE2W1nnIowCCoIc5o=',
  sam: 'scrypt$1024$8$1$CkqGHSwVy+RVvAjnFqCoCw==$CajfzA4ibOb9CnrBVEQlqse1bZYrsv+DCGXYWcyAryE=',
  mo: 'scrypt$1024$8$1$Z8gcItENlEd6F5sk0yaZXA==$1iaJ1VX82lAUrBXRbDdGHEh4w62Y+OHRi/U6QjR8rf4=',
  dev: 'scrypt$1024$8$1$de3oUq5tpOVqs1trXlbR+w==$40IVQjAKlxHkp2km1EjUjuot+UocQXbukCMGYBjyzQ8=',
  ada: 'scrypt$1024$8$1$UEhgo4KUb3RGMaRes9+TsQ==$pIytR5UoFnJIki42NoH3wLjrVKY60PFGCqLKMaYeINY=',
};
export const TEST_ACCOUNTS: Account[] = [
  { id: 'alice', role: 'agent', agentId: 'alice', passwordHash: HASHES.alice! },
  { id: 'bob', role: 'agent', agentId: 'bob', passwordHash: HASHES.bob! },
  { id: 'sam', role: 'supervisor', passwordHash: HASHES.sam! },
  { id: 'mo', role: 'monitor', passwordHash: HASHES.mo! },
  { id: 'dev', role: 'developer', passwordHash: HASHES.dev! },
  { id: 'ada', role: 'administrator', passwordHash: HASHES.ada! },
];

export const testApiKey = (id: string, key: string, over: Partial<ApiKeyDef> = {}): ApiKeyDef =>
  ({ id, keyHash: sha256Hex(key), services: 'all', operations: [...API_OPERATIONS], ratePerMinute: 600, ...over });

export function tempDir(prefix = 'holdless-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testConfig(over: Partial<AppConfig> = {}): AppConfig {
  const dir = tempDir();
  return {
    baseDir: dir,
    company: { name: 'Test Energy' },
    http: {
      host: '127.0.0.1', port: 0, bodyLimitBytes: 16384, corsOrigins: ['https://shop.example.com'],
      apiKeys: [testApiKey('partner', 'partner-secret')], adminToken: 'admin-secret', trustProxy: false,
      sessionMinutes: 60, metricsPublic: false,
      timeouts: { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 5_000, idleMs: 120_000 },
    },
    accounts: TEST_ACCOUNTS,
    storage: { path: join(dir, 'holdless.db'), synchronous: 'FULL', groupCommitMaxDelayMs: 0 },
    telephony: {
      driver: 'none', drachtio: { host: '127.0.0.1', port: 9022, secret: 'x' }, mediaServers: [],
      allowDefaultSecrets: false, flowsDir: join(dir, 'flows'), promptsDir: join(dir, 'prompts'), inboundFlow: 'main',
    },
    logging: { level: 'silent' },
    calendars: [testCalendar()],
    services: [testService(), testService({ id: 'sales', name: 'Sales', slotMinutes: 60, capacity: { default: 1, overrides: [] } })],
    subjects: [
      { id: 'invoice', label: 'Invoice question', serviceId: 'billing', extraSkills: [] },
      { id: 'new-contract', label: 'New contract', serviceId: 'sales', extraSkills: [] },
    ],
    agents: [{ id: 'alice', name: 'Alice', sip: 'sip:alice@127.0.0.1', skills: { billing: 2, sales: 1 }, groups: [] }],
    reasonCodes: ['Lunch', 'Pause', 'RONA'],
    dispositionCodes: ['Resolved', 'Wrong number'],
    rules: {
      maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 6, perIpRequestsPerMinute: 1000,
      allowedCountries: ['DE', 'AT', 'GB', 'US'], blockedPatterns: ['^\\+4915199'], callingWindow: { from: '08:00', to: '21:00' },
    },
    notify: { pollMs: 50, timeoutMs: 2000, maxAttempts: 5, initialDelaySeconds: 1, maxDelaySeconds: 60, webhooks: [] },
    captcha: { hmacKey: 'test-captcha-hmac-key', expireSeconds: 300, maxNumber: 2000, requiredFor: [] },
    ...over,
  };
}
