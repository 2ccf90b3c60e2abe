/**
 * npm run user -- add <id> --role <role> [--config config.yaml]   add a user (or set an agent's password)
 * npm run user -- hash                                            print a scrypt hash to paste into config.yaml
 *
 * The password is read from the environment variable HOLDLESS_PASSWORD, else from the first line of
 * stdin (so `echo secret | npm run user -- hash` works and nothing lands in the shell history).
 * `add` edits config.yaml in place with the yaml Document API, keeping comments and layout, then
 * loads the result with the normal validation; a config that would not load is not written.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDocument, YAMLSeq, type Document } from 'yaml';
import { hashPassword } from '../app/access/passwords.js';
import { ROLES, type Role } from '../app/access/roles.js';
import { loadConfig } from '../adapters/config/load-config.js';

const USAGE = `usage: user add <id> --role <${ROLES.join('|')}> [--config config.yaml]\n       user hash`;

async function readPassword(env: Record<string, string | undefined>): Promise<string> {
  if (env['HOLDLESS_PASSWORD']) return env['HOLDLESS_PASSWORD'];
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line.length < 8) throw new Error('The password must have at least 8 characters (HOLDLESS_PASSWORD or stdin).');
  return line;
}

/** Adds the user, or sets passwordHash on the agent with that id (agents sign in with their id). */
export function addUser(doc: Document, id: string, role: Role, passwordHash: string): 'agent' | 'user' {
  const agents = doc.get('agents');
  if (agents instanceof YAMLSeq) {
    const i = agents.items.findIndex((a) => (a as { get?: (k: string) => unknown }).get?.('id') === id);
    if (i >= 0) {
      if (role !== 'agent') throw new Error(`'${id}' is an agent; agents sign in with role agent.`);
      doc.setIn(['agents', i, 'passwordHash'], passwordHash);
      return 'agent';
    }
  }
  if (role === 'agent') throw new Error(`No agent '${id}' in config: add the agent (sip, skills) first.`);
  const users = doc.get('users');
  if (users instanceof YAMLSeq && users.items.some((u) => (u as { get?: (k: string) => unknown }).get?.('id') === id)) {
    throw new Error(`A user '${id}' exists already.`);
  }
  if (!(users instanceof YAMLSeq)) doc.set('users', doc.createNode([]));
  (doc.get('users') as YAMLSeq).add(doc.createNode({ id, role, passwordHash }));
  return 'user';
}

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: 'string', default: 'config.yaml' }, role: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, id] = parsed.positionals;
  const { role, config, help } = parsed.values;
  if (help) { console.log(USAGE); return 0; }
  try {
    if (command === 'hash') {
      console.log(await hashPassword(await readPassword(env)));
      return 0;
    }
    if (command !== 'add' || !id || !role || !(ROLES as readonly string[]).includes(role)) { console.error(USAGE); return 2; }
    const path = config!;
    const doc = parseDocument(readFileSync(path, 'utf8'));
    const kind = addUser(doc, id, role as Role, await hashPassword(await readPassword(env)));
    const text = doc.toString();
    const tmp = `${path}.user-add.tmp`;
    writeFileSync(tmp, text);
    loadConfig(tmp, { ...env, HOLDLESS_CONFIG: undefined }); // refuses (throws) with every problem before config.yaml is touched
    writeFileSync(path, text);
    console.log(kind === 'agent' ? `Password set for agent '${id}' in ${path}.` : `User '${id}' (${role}) added to ${path}.`);
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  } finally {
    rmSync(`${config}.user-add.tmp`, { force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
