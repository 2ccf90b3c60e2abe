/** The fuzz test's judge must itself catch what it is there to catch. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { faultsOf } from './fuzz/checks.js';
import { operationsOf, requestArb } from './fuzz/operations.js';

const doc = {
  paths: {
    '/v1/things/{id}': {
      get: {
        parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string', minLength: 1 } }, { in: 'query', name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 10 } }],
        responses: { 200: { content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } } } },
      },
      post: { requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } } }, responses: {} },
    },
  },
};
const [get, post] = operationsOf(doc);
const json = 'application/json; charset=utf-8';

describe('fuzz judge', () => {
  it('walks every method of every path', () => {
    expect([get?.method, post?.method]).toEqual(['GET', 'POST']);
    expect(post?.body).toBeDefined();
  });

  it('flags a 5xx, but not a 503 for an absent telephony driver', () => {
    expect(faultsOf(get!, { status: 500, contentType: json, body: '{"code":"INTERNAL","message":"Internal error."}' })).toHaveLength(1);
    expect(faultsOf(get!, { status: 503, contentType: json, body: '{"code":"STORAGE_UNAVAILABLE","message":"busy"}' })).toHaveLength(1);
    expect(faultsOf(get!, { status: 503, contentType: json, body: '{"code":"TELEPHONY_UNAVAILABLE","message":"No driver."}' })).toEqual([]);
  });

  it('flags a 4xx that is not {code, message} with a machine code', () => {
    expect(faultsOf(get!, { status: 404, contentType: json, body: '{"message":"Route GET:/x not found","error":"Not Found","statusCode":404}' })).toHaveLength(1);
    expect(faultsOf(get!, { status: 400, contentType: json, body: '{"code":"bad request","message":"x"}' })).toHaveLength(1);
    expect(faultsOf(get!, { status: 400, contentType: 'text/plain', body: 'Bad Request' })).toHaveLength(1);
    expect(faultsOf(get!, { status: 422, contentType: json, body: '{"code":"VALIDATION_FAILED","message":"id is too long"}' })).toEqual([]);
  });

  it('checks documented answers against their schema', () => {
    expect(faultsOf(get!, { status: 200, contentType: json, body: '{"id":"a"}' })).toEqual([]);
    expect(faultsOf(get!, { status: 200, contentType: json, body: '{"id":1}' })).toHaveLength(1);
    expect(faultsOf(get!, { status: 200, contentType: json, body: '{"id":' })).toHaveLength(1);
  });

  it('generates requests that fill the path and send bodies, clean and hostile', () => {
    const creds = { adminToken: 'admin', apiKey: 'key' };
    const requests = fc.sample(requestArb(post!, { strings: ['abc'] }, creds), { seed: 1, numRuns: 200 });
    const gets = fc.sample(requestArb(get!, { strings: ['abc'] }, creds), { seed: 1, numRuns: 100 });
    expect(gets.every((r) => !r.url.includes('{id}') && r.url.startsWith('/v1/things/'))).toBe(true);
    expect(gets.some((r) => r.url === '/v1/things/abc')).toBe(true);
    const bodies = requests.map((r) => r.payload).filter((p): p is string => p !== undefined);
    expect(bodies.some((b) => /^\{"n":-?\d+\}$/.test(b))).toBe(true);
    expect(bodies.some((b) => { try { return typeof (JSON.parse(b) as { n?: unknown }).n !== 'number'; } catch { return true; } })).toBe(true);
    expect(requests.some((r) => r.headers.authorization === 'Bearer admin') && requests.some((r) => !r.headers.authorization && !r.headers['x-api-key'])).toBe(true);
  });
});
