/**
 * API fuzzing over the app's own OpenAPI document: every operation it lists gets RUNS requests
 * generated from its schemas (valid-looking, hostile, malformed; with and without credentials).
 * No answer may be a 5xx (bar a documented absent dependency), every 4xx is {code, message},
 * documented JSON answers match their schema, and the server stays healthy. Routes added later are
 * covered without touching this file, because it walks /docs/json.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import webpush from 'web-push';
import { testConfig } from '../../src/testing/test-config.js';
import { harness } from './harness.js';
import { callInServices } from '../callin/helpers.js';
import { faultsOf, type Answer } from './fuzz/checks.js';
import { operationsOf, requestArb, type FuzzRequest, type OpenApiDoc } from './fuzz/operations.js';

/** Fixed so a failure reproduces; FUZZ_SEED / FUZZ_RUNS explore further by hand (the test reads no other setting). */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const ANSWER_WITHIN_MS = 10_000;

// Every optional feature on, so its routes are in the document: call-in numbers, CAPTCHA (sales
// needs it), web push keys. Telephony stays 'none' (no driver: 503 TELEPHONY_UNAVAILABLE is fair).
const vapid = webpush.generateVAPIDKeys();
const base = testConfig();
const h = await harness({
  services: callInServices(),
  captcha: { hmacKey: 'fuzz-captcha-hmac-key', expireSeconds: 300, maxNumber: 2000, requiredFor: ['sales'] },
  notify: { ...base.notify, webpush: { subject: 'mailto:ops@test-energy.example', publicKey: vapid.publicKey, privateKey: vapid.privateKey, ttlSeconds: 120 } },
  rules: {
    maxOpenPerNumberPerService: 1, maxRequestsPerNumberPer24h: 1_000_000, perIpRequestsPerMinute: 1_000_000,
    allowedCountries: ['DE', 'AT', 'GB', 'US'], blockedPatterns: ['^\\+4915199'], callingWindow: { from: '08:00', to: '21:00' },
  },
});
afterAll(() => h.app.stop());

const seeded = (await h.inject({ method: 'POST', url: '/v1/callbacks', payload: { serviceId: 'billing', phone: '+4930901820' } })).json() as { id?: string; managementToken?: string };
const doc = (await h.inject({ method: 'GET', url: '/docs/json' })).json() as OpenApiDoc;
const operations = operationsOf(doc);
const creds = { adminToken: h.config.http.adminToken, apiKey: 'partner-secret' } // the plain key of testApiKey('partner', 'partner-secret');
const pools = {
  strings: [
    ...h.config.services.map((s) => s.id), ...h.config.subjects.map((s) => s.id), ...h.config.agents.map((a) => a.id),
    ...h.config.reasonCodes, ...h.config.dispositionCodes, seeded.id ?? '', seeded.managementToken ?? '',
    '+4930901820', '+4915112345678', '030 901820', '+14155550123', '+441632960961', 'en', 'de-DE', 'READY',
  ].filter(Boolean),
  byName: {
    phone: ['+4930901820', '+4915112345678', '030 901820', '+14155550123', '+441632960961'], number: ['+4930901820', '030 901820'],
    serviceId: h.config.services.map((s) => s.id), service: h.config.services.map((s) => s.id), subjectId: ['invoice'],
    agentId: h.config.agents.map((a) => a.id), country: ['DE', 'GB', 'US'], code: h.config.dispositionCodes, reason: h.config.reasonCodes,
    language: ['en', 'de'], tz: ['Europe/Berlin', 'UTC'], timezone: ['Europe/Berlin', 'UTC'], ids: [seeded.id ?? ''], id: [seeded.id ?? ''],
    token: [seeded.managementToken ?? ''], managementToken: [seeded.managementToken ?? ''],
  },
  bySegment: {
    services: h.config.services.map((s) => s.id), agents: h.config.agents.map((a) => a.id),
    callbacks: [seeded.id ?? ''].filter(Boolean),
  },
};

/** Answers with headers as soon as they come; an event stream is closed once it has started. */
async function send(r: FuzzRequest): Promise<Answer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ANSWER_WITHIN_MS);
  try {
    const res = await h.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, payload: r.payload, payloadAsStream: true, signal: abort.signal });
    const contentType = String(res.headers['content-type'] ?? '');
    const stream = res.stream();
    if (contentType.includes('text/event-stream')) {
      stream.destroy();
      return { status: res.statusCode, contentType, body: '' };
    }
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { status: res.statusCode, contentType, body: Buffer.concat(chunks).toString('utf8') };
  } finally {
    clearTimeout(timer);
  }
}

describe(`fuzz over the OpenAPI document (seed ${SEED}, ${RUNS} runs per operation)`, () => {
  it('the document lists the operations', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(seeded.id).toBeTruthy();
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))('%s', async (_name, op) => {
    const requests = fc.sample(requestArb(op, pools, creds), { seed: SEED, numRuns: RUNS });
    const faults: string[] = [];
    for (const r of requests) {
      const a = await send(r).catch((e: Error) => ({ status: 599, contentType: '', body: `no answer: ${e.message}` }));
      for (const f of faultsOf(op, a)) faults.push(`${r.method} ${r.url.slice(0, 300)} ${JSON.stringify(r.headers)} ${(r.payload ?? '').slice(0, 300)}\n  → ${f}`);
    }
    expect(faults.slice(0, 10), `${faults.length} fault(s)`).toEqual([]);
  }, 60_000);

  it('the server is still healthy afterwards', async () => {
    expect((await h.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await h.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await h.inject({ method: 'GET', url: '/v1/services' })).statusCode).toBe(200);
  });
});
