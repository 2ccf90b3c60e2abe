/** Walks an OpenAPI 3 document into operations, and an operation into an arbitrary HTTP request. */
import fc from 'fast-check';
import { hostile, loose, valid, type Pools, type Schema } from './schema-arbitraries.js';

interface Parameter { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: Schema }
export interface Operation {
  method: string; path: string; parameters: Parameter[]; body?: Schema; bodyRequired: boolean;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDoc { paths: Record<string, Record<string, Record<string, unknown>>> }

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const rb = op.requestBody as { required?: boolean; content?: Record<string, { schema?: Schema }> } | undefined;
      out.push({
        method: method.toUpperCase(), path,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        body: rb?.content?.['application/json']?.schema, bodyRequired: rb?.required ?? false,
        responses: (op.responses as Operation['responses'] | undefined) ?? {},
      });
    }
  }
  return out;
}

export interface FuzzRequest { method: string; url: string; headers: Record<string, string>; payload?: string }

export interface Credentials { adminToken: string; apiKey: string }

/** Header values must be latin-1 text without control characters, or the client itself refuses them. */
const headerSafe = (v: string) => /^[\x20-\x7e]*$/.test(v);

function credentialHeaders(c: Credentials, clean: boolean): fc.Arbitrary<Record<string, string>> {
  const right = fc.constantFrom<Record<string, string>>({ authorization: `Bearer ${c.adminToken}` }, { 'x-api-key': c.apiKey }, { authorization: `Bearer ${c.adminToken}`, 'x-api-key': c.apiKey });
  if (clean) return right;
  return fc.oneof(right, fc.constantFrom<Record<string, string>>(
    {}, { authorization: 'Bearer wrong-token' }, { authorization: 'Basic Zm9vOmJhcg==' }, { 'x-api-key': 'wrong-key' }, { authorization: 'Bearer ' },
  ));
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

/** A path parameter draws from the ids of the collection it follows (/v1/agents/{id} → agent ids) when the pools know it. */
function poolsFor(op: Operation, p: Parameter, pools: Pools): Pools {
  const segments = op.path.split('/');
  const before = segments[segments.indexOf(`{${p.name}}`) - 1] ?? '';
  const ids = pools.bySegment?.[before];
  return ids?.length ? { strings: ids } : pools;
}

function paramValue(op: Operation, p: Parameter, pools: Pools, clean: boolean): fc.Arbitrary<string | undefined> {
  const good = valid(p.schema, p.in === 'path' ? poolsFor(op, p, pools) : pools, p.name).map(text);
  if (clean) return p.required ? good : fc.option(good, { nil: undefined });
  return fc.oneof(
    { weight: 3, arbitrary: good },
    { weight: 1, arbitrary: hostile().map(text) },
    { weight: p.required ? 0 : 1, arbitrary: fc.constant(undefined) },
    { weight: p.required ? 0 : 1, arbitrary: fc.constant(undefined) },
  );
}

function bodyArb(op: Operation, pools: Pools, clean: boolean): fc.Arbitrary<{ payload?: string; type?: string }> {
  const json = (v: unknown) => ({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' });
  if (!op.body) return clean ? fc.constant({}) : fc.oneof(fc.constant({}), fc.constant({ payload: '{"x":1}', type: 'application/json' }));
  if (clean) return fc.oneof(valid(op.body, pools).map(json), valid(op.body, { ...pools, minimal: true }).map(json));
  return fc.oneof(
    { weight: 6, arbitrary: loose(op.body, pools).map(json) },
    { weight: 1, arbitrary: fc.constantFrom(
      {}, { payload: '', type: 'application/json' }, { payload: '{"phone":', type: 'application/json' },
      { payload: 'phone=1', type: 'application/x-www-form-urlencoded' }, { payload: 'hello', type: 'text/plain' },
      { payload: '{"a":'.repeat(2000), type: 'application/json' }, { payload: '[]', type: 'application/json' },
    ) },
  );
}

/** Half the requests are clean (schema-valid, right credentials) so they reach the handlers; half are dirty. */
export function requestArb(op: Operation, pools: Pools, creds: Credentials): fc.Arbitrary<FuzzRequest> {
  return fc.boolean().chain((clean) => requestOf(op, pools, creds, clean));
}

function requestOf(op: Operation, pools: Pools, creds: Credentials, clean: boolean): fc.Arbitrary<FuzzRequest> {
  const byIn = (where: Parameter['in']) => op.parameters.filter((p) => p.in === where);
  const values = (ps: Parameter[]) => fc.tuple(...ps.map((p) => paramValue(op, p, pools, clean)));
  return fc.record({
    path: values(byIn('path')), query: values(byIn('query')), header: values(byIn('header')),
    body: bodyArb(op, pools, clean), auth: credentialHeaders(creds, clean),
  }).map(({ path, query, header, body, auth }) => {
    const pathPs = byIn('path'); const queryPs = byIn('query'); const headerPs = byIn('header');
    let url = op.path;
    pathPs.forEach((p, i) => { url = url.replace(`{${p.name}}`, encodeURIComponent(path[i] ?? '')); });
    const qs = new URLSearchParams();
    queryPs.forEach((p, i) => { if (query[i] !== undefined) qs.append(p.name, query[i] as string); });
    const headers: Record<string, string> = { ...auth };
    headerPs.forEach((p, i) => { const v = header[i]; if (v !== undefined && headerSafe(v)) headers[p.name] = v; });
    if (body.type) headers['content-type'] = body.type;
    const q = qs.toString();
    return { method: op.method, url: q ? `${url}?${q}` : url, headers, payload: body.payload };
  });
}
