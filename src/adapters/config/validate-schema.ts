/** Ajv over ConfigFileSchema: applies defaults in place and turns every error into a FoundProblem. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigFileSchema } from './schema.js';
import { closest, type FoundProblem, type KeyPath } from './problems.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    // verbose: errors carry their schema, for patternErrorMessage and "did you mean" hints.
    const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true });
    ajv.addKeyword('patternErrorMessage');
    compiled = ajv.compile(ConfigFileSchema);
  }
  return compiled;
}

/** Validates `data` (mutating it: defaults filled in). Returns one problem per key path. */
export function validateSchema(data: unknown): FoundProblem[] {
  const validate = validator();
  if (validate(data)) return [];
  const problems: FoundProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error, data);
    const key = JSON.stringify(problem.path);
    if (seen.has(key)) continue; // e.g. "must be string" and "must be one of" for one value
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function toProblem(e: ErrorObject, data: unknown): FoundProblem {
  const path = pointerToPath(e.instancePath, data);
  const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const known = Object.keys((schema['properties'] ?? {}) as object);
      const hint = closest(key, known);
      return { path: [...path, key], atKey: true, message: hint ? `unknown key (did you mean "${hint}"?)` : `unknown key (allowed: ${known.join(', ')})` };
    }
    case 'required':
      return { path: [...path, String(e.params['missingProperty'])], message: 'is required' };
    case 'pattern':
      return { path, message: typeof schema['patternErrorMessage'] === 'string' ? schema['patternErrorMessage'] : `must match ${String(e.params['pattern'])}` };
    case 'enum':
      return { path, message: `must be one of: ${(e.params['allowedValues'] as unknown[]).join(', ')} (got ${JSON.stringify(e.data)})` };
    case 'type':
      return { path, message: `must be ${String(e.params['type'])} (got ${JSON.stringify(e.data)})` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/** JSON pointer → key path, with list indexes as numbers (so they print as `[0]`). */
function pointerToPath(pointer: string, data: unknown): KeyPath {
  if (pointer === '') return [];
  const path: KeyPath = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(node) ? Number(seg) : undefined;
    path.push(index ?? seg);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return path;
}
