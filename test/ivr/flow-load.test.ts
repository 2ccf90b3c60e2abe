import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/adapters/flows/load-flows.js';
import { HoldlessError } from '../../src/domain/errors.js';

const root = join(import.meta.dirname, '..', '..');
const badDir = join(import.meta.dirname, 'bad-flows');
const services = ['billing', 'tech-support', 'sales'];
const tmps: string[] = [];
afterEach(() => { for (const t of tmps.splice(0)) rmSync(t, { recursive: true, force: true }); });

/** Copies the given flow files into a fresh flows/ folder and loads it; returns the problems. */
function problemsOf(files: string[]): string[] {
  const base = mkdtempSync(join(tmpdir(), 'flows-'));
  tmps.push(base);
  mkdirSync(join(base, 'flows'));
  for (const f of files) cpSync(join(badDir, f), join(base, 'flows', f));
  try {
    loadFlows({ flowsDir: join(base, 'flows'), promptsDir: join(root, 'prompts'), serviceIds: services, baseDir: base });
  } catch (err) {
    expect(err).toBeInstanceOf(HoldlessError);
    expect((err as HoldlessError).code).toBe('FLOW_INVALID');
    return (err as HoldlessError).details.problems as string[];
  }
  return [];
}

const expectations = (file: string) =>
  readFileSync(join(badDir, file), 'utf8').split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice(10));

describe('flow loading: the shipped flows', () => {
  it('loads flows/main.yaml with every prompt present in en and de', () => {
    const flows = loadFlows({ flowsDir: join(root, 'flows'), promptsDir: join(root, 'prompts'), serviceIds: services });
    const main = flows.get('main');
    expect(main?.languages).toEqual(['en', 'de']);
    expect(main?.nodes.get(main.start)?.verb).toBe('play');
  });

  it('refuses the main flow when a service it names is not configured', () => {
    expect(() => loadFlows({ flowsDir: join(root, 'flows'), promptsDir: join(root, 'prompts'), serviceIds: ['billing'] }))
      .toThrow(/flows\/main\.yaml:\d+ service_tech: unknown service "tech-support"/);
  });
});

describe('flow loading: bad flows report every problem as file:line node: message', () => {
  for (const file of readdirSync(badDir).filter((f) => f.endsWith('.yaml'))) {
    it(file, () => {
      const problems = problemsOf([file]);
      const expected = expectations(file);
      expect(expected.length).toBeGreaterThan(0);
      for (const e of expected) expect(problems.some((p) => p.startsWith(e)), `missing: ${e}\ngot:\n${problems.join('\n')}`).toBe(true);
      expect(problems.length, problems.join('\n')).toBe(expected.length);
    });
  }

  it('collects the problems of all files at once', () => {
    const problems = problemsOf(['graph.yaml', 'references.yaml']);
    expect(problems.some((p) => p.startsWith('flows/graph.yaml'))).toBe(true);
    expect(problems.some((p) => p.startsWith('flows/references.yaml'))).toBe(true);
  });

  it('refuses two files with the same flow id', () => {
    const base = mkdtempSync(join(tmpdir(), 'flows-'));
    tmps.push(base);
    mkdirSync(join(base, 'flows'));
    cpSync(join(root, 'flows', 'main.yaml'), join(base, 'flows', 'a.yaml'));
    cpSync(join(root, 'flows', 'main.yaml'), join(base, 'flows', 'b.yaml'));
    expect(() => loadFlows({ flowsDir: join(base, 'flows'), promptsDir: join(root, 'prompts'), serviceIds: services, baseDir: base }))
      .toThrow('flows/b.yaml:1: flow id "main" is also used by flows/a.yaml');
  });

  it('refuses an empty flows folder', () => {
    expect(problemsOf([])).toEqual(['flows:1: no flow files (*.yaml) found']);
  });
});
