/**
 * The `notify:` and `captcha:` sections of config.yaml (issue 8): push channels, status-webhook
 * targets, delivery retries, and the ALTCHA key. Secrets are written `${ENV_VAR}` in the file.
 */
import { Type } from '@sinclair/typebox';
import { WEBHOOK_EVENT_TYPES } from '../../domain/notify.js';

const Obj = <T extends Parameters<typeof Type.Object>[0]>(props: T, options: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });
const Secret = (description: string) => Type.String({ minLength: 1, description });
const Url = (description: string, def?: string) =>
  Type.String({ pattern: '^https?://', patternErrorMessage: 'must be an http(s) URL', description, ...(def ? { default: def } : {}) });
const Id = (description: string) =>
  Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', patternErrorMessage: 'must be a lower-case id (a-z, 0-9, - and _)', description });

const WebPush = Obj({
  subject: Type.String({ pattern: '^(mailto:|https://)', patternErrorMessage: 'must be a mailto: or https: URL', description: 'VAPID contact (sub claim)' }),
  publicKey: Secret('VAPID public key (base64url, uncompressed P-256 point)'),
  privateKey: Secret('VAPID private key (base64url)'),
  ttlSeconds: Type.Integer({ minimum: 0, default: 300, description: 'how long the push service keeps an undelivered message' }),
});

const Fcm = Obj({
  projectId: Secret('Firebase project id'),
  clientEmail: Secret('service account e-mail'),
  privateKey: Secret('service account private key (PEM)'),
  tokenUrl: Url('OAuth token endpoint', 'https://oauth2.googleapis.com/token'),
  sendUrl: Url('messages:send endpoint; {projectId} is replaced', 'https://fcm.googleapis.com/v1/projects/{projectId}/messages:send'),
});

const Apns = Obj({
  teamId: Secret('Apple developer team id'),
  keyId: Secret('id of the .p8 signing key'),
  privateKey: Secret('the .p8 signing key (PEM, P-256)'),
  topic: Secret('the app bundle id'),
  url: Url('APNs origin (api.sandbox.push.apple.com for development)', 'https://api.push.apple.com'),
});

const Webhook = Obj({
  id: Id('target id (stable: part of every message id)'),
  url: Url('where lifecycle events are POSTed'),
  secret: Type.String({ minLength: 24, description: 'signing secret (Standard Webhooks), at least 24 characters; use ${ENV}' }),
  services: Type.Array(Id('service id'), { default: [], description: 'only these services; empty = all' }),
  events: Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...WEBHOOK_EVENT_TYPES] }), { default: [], description: 'only these events; empty = all' }),
});

export const NotifySection = Obj(
  {
    pollMs: Type.Integer({ minimum: 50, maximum: 60_000, default: 500, description: 'how often the outbox is polled' }),
    timeoutMs: Type.Integer({ minimum: 100, maximum: 120_000, default: 5000, description: 'per try' }),
    maxAttempts: Type.Integer({ minimum: 1, maximum: 50, default: 8 }),
    initialDelaySeconds: Type.Integer({ minimum: 1, default: 5, description: 'first retry delay, doubled each try' }),
    maxDelaySeconds: Type.Integer({ minimum: 1, default: 900 }),
    caFile: Type.Optional(Type.String({ description: 'extra CA certificate (PEM) trusted for push providers and webhook targets; relative to this file' })),
    webpush: Type.Optional(WebPush),
    fcm: Type.Optional(Fcm),
    apns: Type.Optional(Apns),
    webhooks: Type.Array(Webhook, { default: [] }),
  },
  { default: {} },
);

export const CaptchaSection = Obj(
  {
    hmacKey: Type.Optional(Type.String({ minLength: 16, description: 'ALTCHA HMAC key; required when a service requires CAPTCHA' })),
    expireSeconds: Type.Integer({ minimum: 10, maximum: 3600, default: 300 }),
    maxNumber: Type.Integer({ minimum: 1000, maximum: 10_000_000, default: 50_000, description: 'proof-of-work difficulty' }),
  },
  { default: {} },
);

export const ServiceCaptcha = Type.Unsafe<'required' | 'off'>({
  type: 'string', enum: ['required', 'off'], default: 'off', description: 'CAPTCHA for public (no API key) requests',
});
