/**
 * npm run user -- add <id> --role <role> [--config config.yaml]   add a user (or set an agent's password)
 * npm run user -- hash                                            print a scrypt hash to paste into config.yaml
 *
 * The password is read from the environment variable HOLDLESS_PASSWORD, else from the first line of
 * stdin (so `echo secret | npm run user -- hash` works and nothing lands in the shell history).
 * `add` edits config.yaml in place with the yaml Document API, keeping comments and layout, then
 * loads the result with the normal validation; a config that would not load is not written.
 */
import { parseArgs } from 'node:util';
import { hashPassword } from '../app/access/passwords.js';
import { ROLES, type Role } from '../app/access/roles.js';
import { addUser, editConfigFile } from '../adapters/config/edit-config.js';

export { addUser };

const USAGE = `usage: user add <id> --role <${ROLES.join('|')}> [--config config.yaml]\n       user hash`;

async function readPassword(env: Record<string, string | undefined>): Promise<string> {
  if (env['HOLDLESS_PASSWORD']) return env['HOLDLESS_PASSWORD'];
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line.length < 8) throw new Error('The password must have at least 8 characters (HOLDLESS_PASSWORD or stdin).');
  return line;
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
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
    const passwordHash = await hashPassword(await readPassword(env));
    const kind = editConfigFile(path, env, (doc) => addUser(doc, id, role as Role, passwordHash));
    console.log(kind === 'agent' ? `Password set for agent '${id}' in ${path}.` : `User '${id}' (${role}) added to ${path}.`);
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}

