import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { HoldlessError } from '../../domain/errors.js';
import { checkFlow } from '../../domain/flow/flow-check.js';
import { formatProblem, type Flow, type FlowProblem } from '../../domain/flow/flow-model.js';
import { parseFlowSchema, type LineOf } from '../../domain/flow/flow-schema.js';

export interface LoadFlowsOptions {
  flowsDir: string;
  promptsDir: string;
  serviceIds: Iterable<string>;
  /** Paths in messages are relative to this directory (default: the parent of flowsDir). */
  baseDir?: string;
}

/**
 * Loads flows/*.yaml in passes: YAML syntax, schema, then references and graph (prompts,
 * services, branch targets, unreachable nodes, loops without input). Every problem of every
 * file is collected; any problem throws FLOW_INVALID so a bad flow stops startup.
 */
export function loadFlows(opts: LoadFlowsOptions): Map<string, Flow> {
  const base = opts.baseDir ?? dirname(opts.flowsDir);
  const files = existsSync(opts.flowsDir)
    ? readdirSync(opts.flowsDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(opts.flowsDir, f))
    : [];
  const problems: FlowProblem[] = [];
  if (files.length === 0) problems.push({ file: relative(base, opts.flowsDir) || '.', line: 1, message: 'no flow files (*.yaml) found' });
  const ctx = {
    serviceIds: new Set(opts.serviceIds),
    promptExists: cachedPromptExists(opts.promptsDir),
  };
  const flows = new Map<string, Flow>();
  for (const path of files) {
    const name = relative(base, path);
    const parsed = parseFlowFile(readFileSync(path, 'utf8'), name);
    problems.push(...parsed.problems);
    if (!parsed.flow) continue;
    const other = flows.get(parsed.flow.id);
    if (other) {
      problems.push({ file: name, line: 1, message: `flow id "${parsed.flow.id}" is also used by ${other.file}` });
      continue;
    }
    flows.set(parsed.flow.id, parsed.flow);
    problems.push(...checkFlow(parsed.flow, ctx));
  }
  if (problems.length > 0) {
    const lines = problems.map(formatProblem);
    throw new HoldlessError('FLOW_INVALID', `${lines.length} problem(s) in flows:\n${lines.join('\n')}`, { problems: lines });
  }
  return flows;
}

/** Syntax + schema passes for one file's text. A flow is returned only when both passes are clean. */
export function parseFlowFile(text: string, file: string): { flow?: Flow; problems: FlowProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        file, line: lineCounter.linePos(e.pos[0]).line, message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const lineOf: LineOf = (path) => lineOfPath(doc.contents, path, lineCounter);
  const result = parseFlowSchema(doc.toJS(), file, lineOf);
  return result.problems.length > 0 ? { problems: result.problems } : result;
}

/** Line of the deepest key along `path` that exists (the key's own line, as editors show it). */
function lineOfPath(root: unknown, path: (string | number)[], lc: LineCounter): number {
  let line = 1;
  let node = root as YamlNode | null | undefined;
  if (node?.range) line = lc.linePos(node.range[0]).line;
  for (const seg of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
    if (!pair) break;
    const key = pair.key as YamlNode;
    if (key.range) line = lc.linePos(key.range[0]).line;
    node = pair.value as YamlNode | null;
  }
  return line;
}

function cachedPromptExists(promptsDir: string): (language: string, key: string) => boolean {
  const byLanguage = new Map<string, Set<string>>();
  return (language, key) => {
    let keys = byLanguage.get(language);
    if (!keys) {
      const dir = join(promptsDir, language);
      keys = new Set(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.wav')).map((f) => f.slice(0, -4)) : []);
      byLanguage.set(language, keys);
    }
    return keys.has(key);
  };
}
