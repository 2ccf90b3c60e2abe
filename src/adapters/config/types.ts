import type { Account, ApiKeyDef } from '../../app/access/directory.js';
import type { AgentDef, CalendarDef, NumberRules, ServiceDef, SubjectDef } from '../../domain/model.js';

export interface TrunkConfig {
  id: string;
  host: string;
  proxy?: string;
  priority: number;
  /** Digest credentials (undefined when the username is empty). */
  auth?: { username: string; password: string };
  register: boolean;
  registerExpiresSeconds: number;
  registrarUri?: string;
  inboundAddresses: string[];
  assertIdentity: boolean;
}

export interface RegistrarConfig {
  realm: string;
  nonceTtlSeconds: number;
  minExpiresSeconds: number;
  maxExpiresSeconds: number;
  defaultExpiresSeconds: number;
  maxFailuresPerSource: number;
  maxFailuresPerUser: number;
  failureWindowSeconds: number;
  blockSeconds: number;
}

/** The validated, resolved configuration: config.yaml after schema checks and defaults. */
export interface AppConfig {
  /** Directory config.yaml was loaded from; flows/ and prompts/ paths resolve against it. */
  baseDir: string;
  company: { name: string };
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    corsOrigins: string[];
    apiKeys: ApiKeyDef[];
    /** Break-glass administrator bearer token. */
    adminToken: string;
    trustProxy: boolean;
    sessionMinutes: number;
    metricsToken?: string;
    metricsPublic: boolean;
    timeouts: { requestMs: number; headersMs: number; keepAliveMs: number; idleMs: number };
  };
  /** Who may sign in: users and agents that have a password hash. */
  accounts: Account[];
  storage: {
    path: string; synchronous: 'NORMAL' | 'FULL'; groupCommitMaxDelayMs: number;
    /** Absent (hand-built test configs): sqlite. */
    driver?: 'sqlite' | 'postgres';
    /** `url` is resolved from `urlEnv` by the loader when the file does not set it. */
    postgres?: { url?: string; urlEnv: string; poolSize: number; statementTimeoutMs: number; connectTimeoutMs: number };
  };
  /** Absent (hand-built test configs): one node. */
  cluster?: { nodeId?: string; advertiseUrl?: string; checkMs: number };
  telephony: {
    driver: 'none' | 'simulated' | 'drachtio';
    drachtio: { host: string; port: number; secret: string };
    mediaServers: { host: string; port: number; secret: string }[];
    /** Allow well-known default secrets (ClueCon, cymru) — development only. */
    allowDefaultSecrets: boolean;
    flowsDir: string;
    promptsDir: string;
    inboundFlow: string; // flow id started for inbound calls
    /** Where callbacks are dialled: sip:<e164>@host (optionally through a proxy); the loader always sets it. */
    trunk?: { host: string; proxy?: string };
    /** prompts/ as the media server sees it; defaults to promptsDir. */
    mediaPromptsDir?: string;
    /** Graceful stop: the longest calls in progress may run on after SIGTERM (the loader defaults it to 120). */
    drainSeconds?: number;
    /** Dialled number (E.164) → flow id (e.g. the call-in number → flows/callin.yaml). */
    inboundFlows?: Record<string, string>;
    /** Carrier trunks, lowest priority first; the loader always sets them (from `trunk` when `trunks` is empty). */
    trunks?: TrunkConfig[];
    /** Registrar for agent phones; the loader always sets it. */
    registrar?: RegistrarConfig;
  };
  /** Intake rules for push targets of call-in (delayed) requests; absent = the strict defaults. */
  push?: { allowHttp: boolean; allowPrivateEndpoints: boolean };
  logging: { level: string };
  calendars: CalendarDef[];
  services: ServiceDef[];
  subjects: SubjectDef[];
  agents: AgentDef[];
  reasonCodes: string[];
  dispositionCodes: string[];
  rules: NumberRules;
  /** Push channels and status webhooks (issue 8); absent channels are not configured. */
  notify: NotifyConfig;
  /** ALTCHA; `requiredFor` lists the services whose public requests need a solved challenge. */
  captcha: { hmacKey?: string; expireSeconds: number; maxNumber: number; requiredFor: string[] };
  /** Report figures (issue 10); optional so hand-built configs need not name it. */
  reports?: ReportConfig;
}

export interface NotifyConfig {
  pollMs: number;
  timeoutMs: number;
  maxAttempts: number;
  initialDelaySeconds: number;
  maxDelaySeconds: number;
  webpush?: { subject: string; publicKey: string; privateKey: string; ttlSeconds: number };
  fcm?: { projectId: string; clientEmail: string; privateKey: string; tokenUrl: string; sendUrl: string };
  apns?: { teamId: string; keyId: string; privateKey: string; topic: string; url: string };
  /** Absolute path of an extra CA certificate (PEM) to trust. */
  caFile?: string;
  webhooks: { id: string; url: string; secret: string; services: string[]; events: string[] }[];
}

export interface ReportConfig {
  currency: string;
  holdCostPerMinute: number;
  serviceLevelSeconds: number;
  punctualityMinutes: number;
  services: Record<string, { holdCostPerMinute?: number; serviceLevelSeconds?: number }>;
}
