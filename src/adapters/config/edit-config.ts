/**
 * Edits of config.yaml, shared by `npm run user` and the admin API: the yaml Document API keeps
 * comments and layout; the result is loaded with the normal validation before the file is
 * replaced, so a config that would not load is never written (config.yaml stays the source of
 * truth, docs/access.md "Credentials").
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { Role, ApiOperation } from '../../app/access/roles.js';
import { loadConfig } from './load-config.js';

type Env = Record<string, string | undefined>;
const idOf = (node: unknown): unknown => (node instanceof YAMLMap ? node.get('id') : undefined);

/** Applies `edit` to the file at `path`, checks that the result loads (throws with every problem), then writes it. */
export function editConfigFile<T>(path: string, env: Env, edit: (doc: Document) => T): T {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  const result = edit(doc);
  const text = doc.toString();
  const tmp = `${path}.edit.tmp`;
  try {
    writeFileSync(tmp, text);
    loadConfig(tmp, { ...env, HOLDLESS_CONFIG: undefined }); // refuses before config.yaml is touched
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  return result;
}

/** Adds the user, or sets passwordHash on the agent with that id (agents sign in with their id). */
export function addUser(doc: Document, id: string, role: Role, passwordHash: string): 'agent' | 'user' {
  const agents = doc.get('agents');
  if (agents instanceof YAMLSeq) {
    const i = agents.items.findIndex((a) => idOf(a) === id);
    if (i >= 0) {
      if (role !== 'agent') throw new Error(`'${id}' is an agent; agents sign in with role agent.`);
      doc.setIn(['agents', i, 'passwordHash'], passwordHash);
      return 'agent';
    }
  }
  if (role === 'agent') throw new Error(`No agent '${id}' in config: add the agent (sip, skills) first.`);
  const users = doc.get('users');
  if (users instanceof YAMLSeq && users.items.some((u) => idOf(u) === id)) throw new Error(`A user '${id}' exists already.`);
  if (!(users instanceof YAMLSeq)) doc.set('users', doc.createNode([]));
  (doc.get('users') as YAMLSeq).add(doc.createNode({ id, role, passwordHash }));
  return 'user';
}

/** Removes the user; false when there is none with that id. */
export function removeUser(doc: Document, id: string): boolean {
  return removeById(doc, ['users'], id);
}

export interface NewApiKey { id: string; keyHash: string; services: string[]; operations: ApiOperation[]; ratePerMinute: number }

export function addApiKey(doc: Document, key: NewApiKey): void {
  const keys = doc.getIn(['http', 'apiKeys']);
  if (keys instanceof YAMLSeq && keys.items.some((k) => idOf(k) === key.id)) throw new Error(`An API key '${key.id}' exists already.`);
  if (!(keys instanceof YAMLSeq)) doc.setIn(['http', 'apiKeys'], doc.createNode([]));
  (doc.getIn(['http', 'apiKeys']) as YAMLSeq).add(doc.createNode({ ...key }));
}

export function removeApiKey(doc: Document, id: string): boolean {
  return removeById(doc, ['http', 'apiKeys'], id);
}

function removeById(doc: Document, path: string[], id: string): boolean {
  const seq = doc.getIn(path);
  if (!(seq instanceof YAMLSeq)) return false;
  const i = seq.items.findIndex((n) => idOf(n) === id);
  if (i < 0) return false;
  seq.items.splice(i, 1);
  return true;
}
