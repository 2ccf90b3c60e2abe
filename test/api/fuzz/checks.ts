/** What every answer must satisfy, whatever was sent. Returns the faults as sentences (empty: fine). */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Operation } from './operations.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
const compiled = new Map<object, ValidateFunction>();
const validatorFor = (schema: object) => {
  let v = compiled.get(schema);
  if (!v) { v = ajv.compile(schema); compiled.set(schema, v); }
  return v;
};

export interface Answer { status: number; contentType: string; body: string }

/** 503 is fair only when a dependency the deployment may lack is absent (no telephony driver here). */
const DEPENDENCY_ABSENT = new Set(['TELEPHONY_UNAVAILABLE']);
const MACHINE_CODE = /^[A-Z][A-Z0-9_]*$/;

function parse(body: string): unknown {
  try { return JSON.parse(body); } catch { return undefined; }
}

export function faultsOf(op: Operation, a: Answer): string[] {
  const json = a.contentType.includes('application/json') ? parse(a.body) : undefined;
  const { code, message } = (json ?? {}) as { code?: unknown; message?: unknown };
  const shaped = typeof code === 'string' && MACHINE_CODE.test(code) && typeof message === 'string' && message.length > 0;
  if (a.status >= 500) {
    if (a.status === 503 && shaped && DEPENDENCY_ABSENT.has(code as string)) return [];
    return [`${a.status} ${a.body.slice(0, 200)}`];
  }
  if (a.status >= 400) return shaped ? [] : [`${a.status} not in {code, message} shape: ${a.contentType} ${a.body.slice(0, 200)}`];
  const schema = op.responses[String(a.status)]?.content?.['application/json']?.schema;
  if (!schema || !a.contentType.includes('application/json')) return [];
  if (json === undefined) return [`${a.status} documented as JSON but not parseable: ${a.body.slice(0, 200)}`];
  const check = validatorFor(schema);
  return check(json) ? [] : [`${a.status} does not match its documented schema: ${ajv.errorsText(check.errors)}`];
}
