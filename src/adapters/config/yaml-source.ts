/**
 * config.yaml as a YAML document with positions: syntax errors, `${ENV}` substitution in place,
 * and key path → line lookup, so every later problem can name its line.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import type { FoundProblem, KeyPath } from './problems.js';

export interface YamlSource {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface SyntaxProblem { line: number; message: string }

export function parseYaml(text: string): { source: YamlSource; syntax: SyntaxProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors.map((e) => ({
    line: lineCounter.linePos(e.pos[0]).line,
    // The library appends the position itself ("at line 3, column 1"); we print our own.
    message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
  }));
  return { source: { doc, lineCounter }, syntax };
}

/** Line of the value at `path` (of its key for a map entry); the nearest existing ancestor otherwise. */
export function lineOf(source: YamlSource, path: KeyPath, atKey = false): number {
  const { doc, lineCounter } = source;
  const line = (n: Node | null | undefined): number | undefined =>
    n?.range ? lineCounter.linePos(n.range[0]).line : undefined;
  let node: unknown = doc.contents;
  let found = line(doc.contents as Node | null) ?? 1;
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      // A nested map/list starts on the line after its key: point at the key, where admins look.
      found = (atKey && last) || !isScalar(pair.value) ? (line(pair.key as Node) ?? found) : (line(pair.value as Node) ?? found);
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      found = line(item as Node) ?? found;
      node = item;
    } else break;
  }
  return found;
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_PLACEHOLDER = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/**
 * Replace `${VAR}` / `${VAR:-default}` in every string value (keys are left alone). An unquoted
 * value that is exactly one placeholder takes the type its text has (`port: ${PORT:-8080}` → 8080).
 */
export function substituteEnv(source: YamlSource, env: Record<string, string | undefined>): FoundProblem[] {
  const problems: FoundProblem[] = [];
  const walk = (node: unknown, path: KeyPath): void => {
    if (isMap(node)) for (const p of node.items) walk(p.value, [...path, isScalar(p.key) ? String(p.key.value) : '?']);
    else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    else if (isPair(node)) walk(node.value, path);
    else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const original = node.value;
      const replaced = original.replace(PLACEHOLDER, (_m, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        problems.push({ path, message: `environment variable ${name} is not set (write \${${name}:-default} for a default)` });
        return '';
      });
      node.value = node.type === 'PLAIN' && WHOLE_PLACEHOLDER.test(original) ? typed(replaced) : replaced;
    }
  };
  walk(source.doc.contents, []);
  return problems;
}

function typed(text: string): string | number | boolean {
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}
