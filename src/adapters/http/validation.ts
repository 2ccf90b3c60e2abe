/**
 * Two Ajv instances: query strings and path params are text, so they are coerced (limit=5 → 5);
 * JSON bodies are not coerced, so a phone number sent as a JSON number is refused, not guessed.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { HoldlessError } from '../../domain/errors.js';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext resolution.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const base: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = addFormats(new Ajv({ ...base, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...base, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}

/**
 * A validated ISO instant as epoch ms. The schema already refuses what Date.parse cannot read
 * (leap seconds); this is the second line, so NaN never reaches a use case as a time.
 */
export function instantOf(text: string, field: string): number {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new HoldlessError('BAD_TIME', `${field} is not a readable instant.`, { field });
  return t;
}
export const optionalInstant = (text: string | undefined, field: string): number | undefined =>
  (text === undefined ? undefined : instantOf(text, field));
