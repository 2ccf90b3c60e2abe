/**
 * A real local webhook receiver that verifies Standard Webhooks signatures the way the docs tell app
 * builders to (docs/notify.md): HMAC-SHA256 over `${id}.${timestamp}.${body}`, constant-time compare,
 * timestamp within 5 minutes. Behaviour is scripted per request: answer a status, or hang (slow).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook { id: string; timestamp: number; body: Record<string, unknown> }
export type Answer = number | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Every request seen, verified or not, with what we answered. */
  log: { id: string; answered: Answer | 'bad-signature' }[];
  /** Answers to give, in order, before the normal 204. */
  script(answers: Answer[]): void;
  close(): Promise<void>;
}

export function verifyStandardWebhook(secret: string, headers: http.IncomingHttpHeaders, body: string, nowSec: number): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const ts = Number(headers['webhook-timestamp']);
  if (!id || !Number.isInteger(ts) || Math.abs(nowSec - ts) > 300) return false;
  const key = secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret);
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  return String(headers['webhook-signature'] ?? '').split(' ').some((sig) => {
    const [version, value] = sig.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export async function startReceiver(secret: string, port = 0): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const log: WebhookReceiver['log'] = [];
  let answers: Answer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      if (!verifyStandardWebhook(secret, req.headers, body, Math.floor(Date.now() / 1000))) {
        log.push({ id, answered: 'bad-signature' });
        return void res.writeHead(401).end('bad signature');
      }
      const answer = answers.shift() ?? 204;
      log.push({ id, answered: answer });
      if (answer === 'hang') return; // never answers: the sender's timeout must cut it
      if (answer >= 200 && answer < 300) received.push({ id, timestamp: Number(req.headers['webhook-timestamp']), body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/holdless`,
    received, log,
    script: (a) => { answers = [...a]; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
