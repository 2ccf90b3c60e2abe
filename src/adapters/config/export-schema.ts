/**
 * Publishes ConfigFileSchema as config.schema.json for editors (`npm run schema`).
 * Values may be written `${ENV_VAR:-default}` in the YAML; the published schema accepts that form
 * wherever a typed value (number, boolean, enum, pattern) is expected, so editors do not flag it,
 * and keys with a default are not listed as required.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { ConfigFileSchema } from './schema.js';

const PLACEHOLDER_SCHEMA = {
  type: 'string',
  pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}$',
  description: 'value from an environment variable: ${NAME} or ${NAME:-default}',
};
const KEPT_OUTSIDE = ['description', 'default'];

type Json = Record<string, unknown>;

function allowPlaceholders(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allowPlaceholders);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [k, v] of Object.entries(schema)) copy[k] = allowPlaceholders(v);
  optionalWhenDefaulted(copy);
  const typed = ['integer', 'number', 'boolean'].includes(String(copy['type'])) || 'enum' in copy || 'pattern' in copy;
  if (!typed) return copy;
  const outer: Json = {};
  for (const k of KEPT_OUTSIDE) if (k in copy) [outer[k], copy[k]] = [copy[k], undefined];
  return { ...outer, anyOf: [JSON.parse(JSON.stringify(copy)), PLACEHOLDER_SCHEMA] };
}

/** A key with a default may be left out: editors must not ask for it (Ajv fills it in first). */
function optionalWhenDefaulted(schema: Json): void {
  const props = schema['properties'] as Record<string, Json> | undefined;
  if (!props || !Array.isArray(schema['required'])) return;
  schema['required'] = (schema['required'] as string[]).filter((k) => props[k]?.['default'] === undefined);
}

/** The JSON Schema document of config.yaml, as written to config.schema.json. */
export function configJsonSchema(): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'holdless config.yaml',
    ...(allowPlaceholders(JSON.parse(JSON.stringify(ConfigFileSchema))) as Json),
  };
}

export const configJsonSchemaText = (): string => `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = resolve(process.argv[2] ?? 'config.schema.json');
  writeFileSync(target, configJsonSchemaText());
  process.stdout.write(`wrote ${target}\n`);
}
