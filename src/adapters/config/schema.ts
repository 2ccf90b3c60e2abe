/**
 * The ONE schema of config.yaml, as admins write it (camelCase keys, friendly names, defaults).
 * Ajv validates the parsed YAML against it (applying defaults); export-schema.ts publishes it as
 * JSON Schema for editors. `additionalProperties: false` everywhere so a typo is an error.
 * `patternErrorMessage` is the editors' (VS Code / yaml-language-server) extension; the loader uses
 * it too, so admins read the same words in the editor and at start.
 */
import { Type, type Static, type TSchema, type ObjectOptions, type TProperties } from '@sinclair/typebox';
import { ATTEMPT_OUTCOMES, DIAL_MODES, WEEKDAYS } from '../../domain/model.js';
import { API_OPERATIONS, ROLES } from '../../app/access/roles.js';
import { PASSWORD_HASH_PATTERN } from '../../app/access/passwords.js';
import { CaptchaSection, NotifySection, ServiceCaptcha } from './notify-schema.js';
import { DEFAULT_REPORTS } from './report-settings.js';

const Obj = <T extends TProperties>(props: T, options: ObjectOptions = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });

/** enum instead of a union of literals: one error per bad value, and a plain `enum` for editors. */
const StringEnum = <T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const HHMM_PATTERN = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
export const E164_PATTERN = '^\\+[1-9][0-9]{1,14}$';

const Id = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', patternErrorMessage: 'must be a lower-case id (a-z, 0-9, - and _)', description });
const HHMM = (description: string) =>
  Type.String({ pattern: HHMM_PATTERN, patternErrorMessage: 'must be a time "HH:MM" (00:00-23:59, or 24:00 as an end)', description });
const LocalDate = (description: string) =>
  Type.String({ pattern: DATE_PATTERN, patternErrorMessage: 'must be a date "YYYY-MM-DD"', description });
const Country = (options: Record<string, unknown> = {}) =>
  Type.String({ pattern: '^[A-Z]{2}$', patternErrorMessage: 'must be an ISO 3166-1 alpha-2 country code like "DE"', ...options });
const NonEmpty = (description: string) => Type.String({ minLength: 1, description });
const Count = (def: number, description: string) => Type.Integer({ minimum: 0, default: def, description });

const Interval = Obj({ from: HHMM('opens at (inclusive)'), to: HHMM('closes at (exclusive)') });

const Weekly = Obj(
  Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Optional(Type.Array(Interval))])) as Record<string, TSchema>,
  { description: 'opening hours per weekday; a missing day is closed' },
);

const Calendar = Obj({
  id: Id('calendar id, referenced by services'),
  timezone: NonEmpty('IANA time zone, e.g. Europe/Berlin'),
  weekly: Weekly,
  holidays: Type.Array(Obj({ date: LocalDate('local date'), name: Type.Optional(Type.String()) }), { default: [] }),
  specialDays: Type.Array(
    Obj({ date: LocalDate('local date'), name: Type.Optional(Type.String()), hours: Type.Array(Interval, { description: '[] = closed' }) }),
    { default: [] },
  ),
});

const SkillLevel = Type.Integer({ minimum: 0, maximum: 100 });
const SkillRequirement = Obj({ skill: NonEmpty('skill name'), minLevel: Type.Integer({ minimum: 0, maximum: 100, default: 1 }) });

const Skills = Obj(
  {
    allOf: Type.Array(SkillRequirement, { default: [], description: 'an agent needs every one of these' }),
    anyOf: Type.Array(SkillRequirement, { default: [], description: 'an agent needs at least one of these' }),
    expansion: Type.Array(
      Obj({
        afterSeconds: Type.Integer({ minimum: 0 }),
        minLevel: Type.Optional(SkillLevel),
        anyAgent: Type.Optional(Type.Boolean()),
        group: Type.Optional(NonEmpty('agent group')),
      }),
      { default: [], description: 'relax the requirement after waiting this long' },
    ),
  },
  { default: {} },
);

const RetryRule = Obj({ retry: Type.Optional(Type.Boolean()), intervalMinutes: Type.Optional(Type.Integer({ minimum: 1 })) });

const Retry = Obj(
  {
    maxAttempts: Type.Integer({ minimum: 1, default: 3 }),
    intervalMinutes: Type.Integer({ minimum: 1, default: 10 }),
    perOutcome: Obj(
      Object.fromEntries(ATTEMPT_OUTCOMES.map((o) => [o, Type.Optional(RetryRule)])) as Record<string, TSchema>,
      { default: {}, description: 'per attempt outcome: retry or not, and after how long' },
    ),
  },
  { default: {} },
);

const Capacity = Obj({
  default: Type.Integer({ minimum: 0, description: 'callbacks bookable per slot' }),
  overrides: Type.Array(
    Obj({
      days: Type.Optional(Type.Array(StringEnum(WEEKDAYS))),
      from: Type.Optional(HHMM('slot start from')),
      to: Type.Optional(HHMM('slot start before')),
      date: Type.Optional(LocalDate('only on this local date')),
      capacity: Type.Integer({ minimum: 0 }),
    }),
    { default: [] },
  ),
});

/** Abuse-rule settings a service may also set in its own `rules` (issue 11 part 3). */
const AbuseRuleFields = {
  requestsPerNumber: Type.Optional(Obj({
    count: Type.Integer({ minimum: 1, description: 'requests one number may make in the window' }),
    windowMinutes: Type.Integer({ minimum: 1, maximum: 525_600, description: 'the window, in minutes' }),
  }, { description: 'per-number limit in a time frame; absent = maxRequestsPerNumberPer24h per 24 h' })),
  serviceThrottle: Type.Optional(Obj({
    requests: Type.Integer({ minimum: 1, description: 'requests the service takes in the window, all numbers together' }),
    windowMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'the window, in minutes' }),
  }, { description: 'absent = no throttle; over it: 429 SERVICE_THROTTLED with Retry-After' })),
};

const ServiceRules = Obj({
  maxOpenPerNumberPerService: Type.Optional(Type.Integer({ minimum: 1 })),
  maxRequestsPerNumberPer24h: Type.Optional(Type.Integer({ minimum: 1 })),
  allowedCountries: Type.Optional(Type.Array(Country(), { description: 'replaces the global list; empty = any country' })),
  blockedPatterns: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'replaces the global list; regexes against +E.164' })),
  blockPremium: Type.Optional(Type.Boolean()),
  blockSharedCost: Type.Optional(Type.Boolean()),
  ...AbuseRuleFields,
}, { description: "this service's abuse rules; each field set replaces the global rules' one" });

const Service = Obj({
  rules: Type.Optional(ServiceRules),
  id: Id('service id'),
  name: NonEmpty('display name'),
  skills: Skills,
  calendar: Id('id of a calendar'),
  slotMinutes: Type.Unsafe<15 | 30 | 60>({ type: 'integer', enum: [15, 30, 60], default: 30 }),
  capacity: Capacity,
  retry: Retry,
  purgeAfterMinutes: Count(1440, 'an un-worked callback expires this long after it was queued'),
  expireAtEndOfDay: Type.Boolean({ default: false }),
  dialMode: StringEnum(DIAL_MODES, { default: 'reserved' }),
  offer: Obj(
    {
      autoTransferBelowSeconds: Count(120, 'EWT below this: straight to the queue, no offer'),
      upperPlaybackSeconds: Count(1800, 'EWT above this: no minutes announced, generic offer'),
    },
    { default: {} },
  ),
  callerId: Type.String({ pattern: E164_PATTERN, patternErrorMessage: 'must be an E.164 number like +493012345678' }),
  phoneNumber: Type.Optional(Type.String({
    pattern: E164_PATTERN, patternErrorMessage: 'must be an E.164 number like +493012345600',
    description: 'the service line shown to visitors where callbacks cannot be requested (E.164)',
  })),
  callerName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'display name sent with the caller id (From, and P-Asserted-Identity where the trunk asserts it)' })),
  priority: Type.Integer({ minimum: 0, maximum: 100, default: 5 }),
  language: Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', default: 'en' }),
  defaultCountry: Country({ default: 'US' }),
  leadMinutes: Count(0, 'scheduled callbacks enter the queue this long before the slot'),
  horizonDays: Type.Integer({ minimum: 1, default: 30 }),
  initialHandleSeconds: Type.Integer({ minimum: 1, default: 300 }),
  ringTimeoutSeconds: Type.Integer({ minimum: 1, default: 25 }),
  wrapUpSeconds: Count(30, 'after-call work time'),
  captcha: ServiceCaptcha,
  callIn: Obj(
    {
      number: Type.Optional(Type.String({ pattern: E164_PATTERN, patternErrorMessage: 'must be an E.164 number like +493012345678', description: 'number callers dial for call-ins (absent: no call-in)' })),
      codeLength: Type.Integer({ minimum: 4, maximum: 10, default: 6, description: 'digits of an access code' }),
      codeLifetimeMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 15, description: 'an access code matches this long' }),
      keepPlace: Type.Boolean({ default: true, description: 'a matched caller keeps the place in line of the request' }),
      pushedExpiryMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 5, description: 'no answer to "callback ready" this long: EXPIRED' }),
      snoozeMinutes: Type.Integer({ minimum: 1, maximum: 240, default: 5 }),
      maxSnoozes: Count(2, 'snoozes allowed per callback'),
      voicemailMessage: Type.Boolean({ default: false, description: 'last attempt reached a machine: leave the call-in number and a code' }),
      voicemailKeepMinutes: Type.Integer({ minimum: 1, maximum: 99, default: 60, description: 'the code left on the machine keeps the place this long (spoken in minutes)' }),
    },
    { default: {} },
  ),
});

const Subject = Obj({
  id: Id('subject id named by web/app requests'),
  label: NonEmpty('shown to visitors'),
  service: Id('id of a service'),
  extraSkills: Type.Array(SkillRequirement, { default: [] }),
});

const PasswordHash = (description: string) =>
  Type.String({ pattern: PASSWORD_HASH_PATTERN, patternErrorMessage: 'must be a scrypt hash: run `npm run user -- hash`', description });

const Agent = Obj({
  id: Id('agent id'),
  name: NonEmpty('display name'),
  sip: Type.Optional(Type.String({
    pattern: '^sips?:[^\\s]+$', patternErrorMessage: 'must be a SIP URI like sip:alice@127.0.0.1:5080',
    description: 'static SIP URI rung for this agent (not needed when the phone registers)',
  })),
  register: Type.Optional(Obj({
    username: Type.String({ pattern: '^[A-Za-z0-9._~+-]{1,64}$', patternErrorMessage: 'must be a SIP user name (letters, digits, . _ ~ + -)' }),
    ha1: Type.Optional(Type.String({ pattern: '^[0-9a-f]{32}$', patternErrorMessage: 'must be MD5(username:realm:password) in lower-case hex (npm run sip-ha1)' })),
    ha1Sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', patternErrorMessage: 'must be SHA-256(username:realm:password) in lower-case hex (npm run sip-ha1)' })),
  }, { description: 'the desk phone registers with digest auth; the agent is rung at its registered contact and cannot go Ready unregistered' })),
  skills: Type.Record(Type.String(), SkillLevel, { default: {} }),
  groups: Type.Array(NonEmpty('group'), { default: [] }),
  passwordHash: Type.Optional(PasswordHash('the agent signs in to the workspace with its id and this password')),
});

const User = Obj({
  id: Id('user id, used to sign in'),
  role: StringEnum(ROLES),
  passwordHash: PasswordHash('sign-in password'),
  name: Type.Optional(NonEmpty('display name')),
});

const ApiKey = Obj({
  id: Id('api key id'),
  key: Type.Optional(Type.String({ minLength: 8, description: 'the key itself (use ${ENV}); or give keyHash' })),
  keyHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', patternErrorMessage: 'must be the sha256 of the key, 64 hex digits', description: 'sha256 (hex) of the key' })),
  services: Type.Array(Type.String({ minLength: 1 }), { default: ['*'], description: 'service ids the key may act on; "*" = all' }),
  operations: Type.Array(StringEnum(API_OPERATIONS), { default: [...API_OPERATIONS], description: 'what the key may do' }),
  ratePerMinute: Type.Integer({ minimum: 1, default: 600, description: "this key's own request limit" }),
});

const Secret = (def?: string) => Type.String({ minLength: 1, ...(def === undefined ? {} : { default: def }) });

const Trunk = Obj({
  id: Id('trunk id (logs, metrics, /readyz)'),
  host: NonEmpty('carrier SIP host[:port]: callbacks dial sip:<e164>@host'),
  proxy: Type.Optional(Type.String({ description: 'force the next hop (sip:host:port)' })),
  priority: Type.Integer({ minimum: 0, default: 1, description: 'lower is tried first' }),
  username: Type.Optional(Type.String({ description: 'digest user name for 401/407 challenges and registration (empty: none)' })),
  password: Type.Optional(Type.String({ description: 'digest password; write ${NAME} to read it from the environment' })),
  register: Type.Boolean({ default: false, description: 'register to the carrier (registration-based trunk)' }),
  registerExpiresSeconds: Type.Integer({ minimum: 60, maximum: 86400, default: 600 }),
  registrarUri: Type.Optional(Type.String({ description: 'REGISTER request URI (default sip:<host>)' })),
  inboundAddresses: Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.String()], {
    default: [], description: 'IPs/CIDRs inbound INVITEs may come from (list, or comma-separated); others get 403',
  }),
  assertIdentity: Type.Boolean({ default: false, description: 'send P-Asserted-Identity with the caller id' }),
});

const Registrar = Obj(
  {
    realm: Type.String({ minLength: 1, default: 'holdless', description: 'digest realm; the HA1s are computed with it' }),
    nonceTtlSeconds: Type.Integer({ minimum: 10, default: 300 }),
    minExpiresSeconds: Type.Integer({ minimum: 1, default: 60 }),
    maxExpiresSeconds: Type.Integer({ minimum: 60, default: 3600 }),
    defaultExpiresSeconds: Type.Integer({ minimum: 60, default: 600 }),
    maxFailuresPerSource: Type.Integer({ minimum: 1, default: 10, description: 'failed digests per source IP in the window before 429' }),
    maxFailuresPerUser: Type.Integer({ minimum: 1, default: 5, description: 'failed digests per username in the window before 429' }),
    failureWindowSeconds: Type.Integer({ minimum: 1, default: 300 }),
    blockSeconds: Type.Integer({ minimum: 1, default: 900 }),
  },
  { default: {} },
);

const Telephony = Obj(
  {
    driver: StringEnum(['none', 'simulated', 'drachtio'] as const, { default: 'none' }),
    drachtio: Obj(
      { host: Type.String({ default: '127.0.0.1' }), port: Type.Integer({ minimum: 1, maximum: 65535, default: 9022 }), secret: Secret('cymru') },
      { default: {} },
    ),
    mediaServers: Type.Array(
      Obj({ host: NonEmpty('FreeSWITCH host'), port: Type.Integer({ minimum: 1, maximum: 65535, default: 8021 }), secret: Secret('ClueCon') }),
      { default: [] },
    ),
    allowDefaultSecrets: Type.Boolean({ default: false, description: 'allow cymru/ClueCon: development only' }),
    flowsDir: Type.String({ default: 'flows' }),
    promptsDir: Type.String({ default: 'prompts' }),
    inboundFlow: Type.String({ default: 'main' }),
    trunk: Obj(
      {
        host: Type.String({ default: '127.0.0.1:5090', description: 'SIP trunk or PBX: callbacks dial sip:<e164>@host' }),
        proxy: Type.Optional(Type.String({ description: 'force the next hop (sip:host:port)' })),
      },
      { default: {} },
    ),
    mediaPromptsDir: Type.Optional(Type.String({ description: 'prompts/ as FreeSWITCH sees it (default: promptsDir)' })),
    drainSeconds: Type.Integer({
      minimum: 0, maximum: 3600, default: 120,
      description: 'on SIGTERM: how long calls in progress and IVR callers may run on before they are hung up',
    }),
    inboundFlows: Type.Record(Type.String({ pattern: E164_PATTERN }), Type.String({ minLength: 1 }), {
      default: {}, description: 'dialled number (E.164) → flow id; other numbers run inboundFlow',
    }),
    trunks: Type.Array(Trunk, { default: [], description: 'carrier trunks in priority order (replaces trunk); failover on 5xx and timeouts' }),
    registrar: Registrar,
  },
  { default: {} },
);

export const DEFAULT_REASON_CODES = ['Admin Work', 'Lunch', 'Meeting', 'Pause', 'RONA', 'Training'];
export const DEFAULT_DISPOSITION_CODES = ['Resolved', 'Follow-up needed', 'Wrong number', 'Customer not available', 'Escalated', 'Sale'];

const ReportFigures = {
  holdCostPerMinute: Type.Number({ minimum: 0, description: 'cost of one minute a caller holds (trunk, IVR port): money saved = time saved × this' }),
  serviceLevelSeconds: Type.Integer({ minimum: 1, description: 'live calls answered within this count towards the service level' }),
};
const Reports = Obj(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$', default: DEFAULT_REPORTS.currency, description: 'ISO 4217 code shown with money saved' }),
    holdCostPerMinute: Type.Number({ ...ReportFigures.holdCostPerMinute, default: DEFAULT_REPORTS.holdCostPerMinute }),
    serviceLevelSeconds: Type.Integer({ ...ReportFigures.serviceLevelSeconds, default: DEFAULT_REPORTS.serviceLevelSeconds }),
    punctualityMinutes: Type.Integer({ minimum: 0, default: DEFAULT_REPORTS.punctualityMinutes, description: 'a scheduled callback dialled within this after its slot start is on time' }),
    services: Type.Record(Type.String(), Obj({
      holdCostPerMinute: Type.Optional(ReportFigures.holdCostPerMinute),
      serviceLevelSeconds: Type.Optional(ReportFigures.serviceLevelSeconds),
    }), { default: {}, description: 'per-service overrides by service id' }),
  },
  { default: {} },
);

export const ConfigFileSchema = Obj({
  company: Obj({ name: NonEmpty('company name, used in prompts and pages') }),
  http: Obj({
    host: Type.String({ default: '127.0.0.1' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
    bodyLimitBytes: Type.Integer({ minimum: 1024, default: 16384 }),
    corsOrigins: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    apiKeys: Type.Array(ApiKey, { default: [] }),
    adminToken: Type.String({ minLength: 8, description: 'break-glass administrator bearer token' }),
    sessionMinutes: Type.Integer({ minimum: 1, maximum: 43200, default: 480, description: 'sign-in sessions expire after this' }),
    metricsToken: Type.Optional(Type.String({ minLength: 16, description: 'bearer token for /metrics (Prometheus)' })),
    metricsPublic: Type.Boolean({ default: false, description: '/metrics without a token (only behind a private listen address)' }),
    timeouts: Obj(
      {
        requestMs: Type.Integer({ minimum: 1000, default: 30_000, description: 'a whole request (headers and body) must arrive within this' }),
        headersMs: Type.Integer({ minimum: 1000, default: 10_000, description: 'the request headers must arrive within this' }),
        keepAliveMs: Type.Integer({ minimum: 1000, default: 5_000, description: 'an idle keep-alive connection is closed after this' }),
        idleMs: Type.Integer({ minimum: 1000, default: 120_000, description: 'a socket with no traffic at all is closed after this' }),
      },
      { default: {} },
    ),
    trustProxy: Type.Boolean({ default: false }),
  }),
  storage: Obj(
    {
      path: Type.String({ minLength: 1, default: 'data/holdless.db', description: 'relative to this file' }),
      synchronous: StringEnum(['FULL', 'NORMAL'] as const, {
        default: 'FULL',
        description: 'SQLite. FULL: a write is answered only once its WAL is fsynced (off the event loop; survives power loss). NORMAL: answered once committed (survives a process crash only)',
      }),
      groupCommitMaxDelayMs: Type.Integer({ minimum: 0, maximum: 1000, default: 2 }),
      driver: StringEnum(['sqlite', 'postgres'] as const, {
        default: 'sqlite', description: 'sqlite: one file (path); postgres: a server several holdless nodes may share',
      }),
      postgres: Obj(
        {
          url: Type.Optional(Type.String({ minLength: 1, description: 'postgres://user:password@host:5432/db; absent: read from urlEnv' })),
          urlEnv: Type.String({ minLength: 1, default: 'HOLDLESS_DATABASE_URL', description: 'environment variable holding the URL when url is not set' }),
          poolSize: Type.Integer({ minimum: 1, maximum: 500, default: 10, description: 'connections of this node' }),
          statementTimeoutMs: Type.Integer({ minimum: 0, default: 30_000, description: 'statement_timeout of each connection; 0 = none' }),
          connectTimeoutMs: Type.Integer({ minimum: 100, default: 5_000, description: 'waiting longer for a connection answers 503 STORAGE_UNAVAILABLE' }),
        },
        { default: {} },
      ),
    },
    { default: {} },
  ),
  cluster: Obj(
    {
      nodeId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$', description: 'this node in logs, events and /readyz; default <hostname>-<pid>' })),
      advertiseUrl: Type.Optional(Type.String({ pattern: '^https?://', description: "how the other nodes reach this node's HTTP (agent and supervisor requests are forwarded to the dispatcher); default http://<http.host>:<http.port>" })),
      checkMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000, description: 'how often a follower tries to become the dispatcher' }),
    },
    { default: {}, description: 'several nodes over one PostgreSQL (storage.driver: postgres); ignored on SQLite' },
  ),
  telephony: Telephony,
  logging: Obj(
    { level: StringEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, { default: 'info' }) },
    { default: {} },
  ),
  calendars: Type.Array(Calendar, { minItems: 1 }),
  services: Type.Array(Service, { minItems: 1 }),
  subjects: Type.Array(Subject, { default: [] }),
  agents: Type.Array(Agent, { default: [] }),
  users: Type.Array(User, { default: [], description: 'people who sign in besides agents' }),
  reasonCodes: Type.Array(NonEmpty('reason code'), { default: DEFAULT_REASON_CODES }),
  dispositionCodes: Type.Array(NonEmpty('disposition code'), { default: DEFAULT_DISPOSITION_CODES }),
  notify: NotifySection,
  captcha: CaptchaSection,
  push: Obj(
    {
      allowHttp: Type.Boolean({ default: false, description: 'accept http:// Web Push endpoints (development only)' }),
      allowPrivateEndpoints: Type.Boolean({ default: false, description: 'accept push endpoints on private, loopback or link-local addresses (tests)' }),
    },
    { default: {} },
  ),
  reports: Reports,
  rules: Obj(
    {
      maxOpenPerNumberPerService: Type.Integer({ minimum: 1, default: 1 }),
      maxRequestsPerNumberPer24h: Type.Integer({ minimum: 1, default: 6 }),
      perIpRequestsPerMinute: Type.Integer({ minimum: 1, default: 30 }),
      allowedCountries: Type.Array(Country(), { default: [], description: 'empty = any country' }),
      blockedPatterns: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'regexes against +E.164' }),
      callingWindow: Obj({ from: HHMM('earliest call'), to: HHMM('latest call') }, { default: { from: '08:00', to: '21:00' } }),
      ...AbuseRuleFields,
      blockPremium: Type.Boolean({ default: true, description: 'refuse premium-rate numbers' }),
      blockSharedCost: Type.Boolean({ default: true, description: 'refuse shared-cost numbers' }),
    },
    { default: {} },
  ),
});

export type ConfigFile = Static<typeof ConfigFileSchema>;
