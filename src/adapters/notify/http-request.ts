/**
 * One HTTP(S) request with a hard timeout and an optional extra CA, answering status and body.
 * node:http(s) rather than fetch so a configured CA (notify.caFile) applies without a dispatcher.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer { status: number; body: string }
export interface HttpRequest { url: string; method?: string; headers?: Record<string, string>; body?: string; timeoutMs: number; ca?: string }

export function httpRequest(req: HttpRequest): Promise<HttpAnswer> {
  const url = new URL(req.url);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const r = lib.request(url, {
      method: req.method ?? 'POST',
      headers: { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) },
      ...(req.ca && url.protocol === 'https:' ? { ca: req.ca } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 4000) }));
      res.on('error', reject);
    });
    // The whole exchange is bounded, not only the idle socket: a slow receiver is a failed try.
    const timer = setTimeout(() => r.destroy(new Error(`timed out after ${req.timeoutMs} ms`)), req.timeoutMs);
    r.on('close', () => clearTimeout(timer));
    r.on('error', reject);
    r.end(req.body);
  });
}

export const networkFailure = (e: unknown) => ({ ok: false as const, permanent: false, error: (e as Error).message ?? String(e) });
