import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaText } from '../../src/adapters/config/export-schema.js';

const committed = readFileSync('config.schema.json', 'utf8');

describe('config.schema.json', () => {
  it('is up to date with the TypeBox schema (run `npm run schema`)', () => {
    expect(committed).toBe(configJsonSchemaText());
  });

  it('is referenced from the top of config.yaml', () => {
    expect(readFileSync('config.yaml', 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./config.schema.json');
  });

  // What an editor sees: the raw YAML, ${ENV} placeholders included, checked by the published schema.
  const editor = new Ajv({ allErrors: true, strict: false }).compile(configJsonSchema());

  it('accepts the shipped config.yaml as written (placeholders and omitted defaults)', () => {
    const ok = editor(parse(readFileSync('config.yaml', 'utf8')));
    expect(editor.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('flags a typo key and a bad enum the way the loader does', () => {
    const doc = parse(readFileSync('config.yaml', 'utf8')) as { http: Record<string, unknown>; services: Record<string, unknown>[] };
    doc.http['prot'] = 1;
    doc.services[0]!['dialMode'] = 'predictive';
    expect(editor(doc)).toBe(false);
    const paths = (editor.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain('/http');
    expect(paths).toContain('/services/0/dialMode');
  });
});
