import type { AgentDef, CalendarDef, NumberRules, ServiceDef, SubjectDef } from '../../domain/model.js';

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
    apiKeys: { id: string; key: string }[];
    adminToken: string;
    trustProxy: boolean;
  };
  storage: { path: string; synchronous: 'NORMAL' | 'FULL'; groupCommitMaxDelayMs: number };
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
  };
  logging: { level: string };
  calendars: CalendarDef[];
  services: ServiceDef[];
  subjects: SubjectDef[];
  agents: AgentDef[];
  reasonCodes: string[];
  dispositionCodes: string[];
  rules: NumberRules;
}
