/**
 * Computes the HA1s of an agent phone for config.yaml, so the password itself is never stored:
 *   npm run sip-ha1 -- <username> <realm>        (the password is read from stdin)
 *   printf '%s' "$PASSWORD" | npm run --silent sip-ha1 -- alice holdless.local
 * The realm must be telephony.registrar.realm; changing the realm invalidates every HA1.
 */
import { createInterface } from 'node:readline';
import { ha1Of } from '../domain/sip/digest.js';

export function ha1Snippet(username: string, realm: string, password: string): string {
  return [
    `# agents[].register for ${username} in realm ${realm}`,
    'register:',
    `  username: ${username}`,
    `  ha1: ${ha1Of('MD5', username, realm, password)}`,
    `  ha1Sha256: ${ha1Of('SHA-256', username, realm, password)}`,
    '',
  ].join('\n');
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('SIP password (not stored): ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) { rl.close(); return line; }
  return '';
}

async function main(): Promise<void> {
  const [username, realm] = process.argv.slice(2);
  if (!username || !realm) {
    process.stderr.write('usage: npm run sip-ha1 -- <username> <realm>   (password on stdin)\n');
    process.exit(2);
  }
  const password = await readPassword();
  if (!password) {
    process.stderr.write('empty password refused\n');
    process.exit(2);
  }
  process.stdout.write(ha1Snippet(username, realm, password));
}

if (process.argv[1]?.endsWith('sip-ha1.ts') || process.argv[1]?.endsWith('sip-ha1.js')) void main();
