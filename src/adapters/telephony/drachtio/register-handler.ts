/**
 * drachtio REGISTER → the registrar use case → the SIP answer. Thin on purpose: it only reads
 * the headers the registrar needs from drachtio-srf's request and writes its reply.
 * drachtio-srf joins repeated headers with commas (SipMessage#set), which RFC 3261 §7.3.1
 * forbids for WWW-Authenticate, so only the registrar's first (preferred) challenge is sent.
 */
import type { PhoneRegistrations, RegisterReply, RegisterRequest } from '../../../app/registrar/registrar.js';
import type { Log } from './connections.js';
import type { SipRequestLike, SipResponseLike } from './types.js';

export type RegistrarPort = PhoneRegistrations;

const REASONS: Partial<Record<number, string>> = { 429: 'Too Many Requests', 423: 'Interval Too Brief' };

/** sip:alice@host, <sip:alice@host>;tag=x, "A" <sips:alice@host:5061> → alice */
export function aorUser(to: string | undefined): string | undefined {
  const m = /<?sips?:([^@;>\s]+)@/i.exec(to ?? '');
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export function toRegisterRequest(req: SipRequestLike): RegisterRequest | undefined {
  const user = aorUser(req.get('To'));
  const cseq = /^\s*(\d+)/.exec(req.get('CSeq') ?? '');
  const callId = req.get('Call-ID');
  if (!user || !cseq || !callId) return undefined;
  const expires = req.get('Expires');
  const contact = req.get('Contact');
  return {
    sourceIp: req.source_address ?? '', sourcePort: req.source_port ?? 5060, aorUser: user,
    authorization: req.get('Authorization'), contact: contact ? [contact] : [],
    expires: expires !== undefined && /^\s*\d+\s*$/.test(expires) ? Number(expires) : undefined,
    callId, cseq: Number(cseq[1]), userAgent: req.get('User-Agent'),
  };
}

export function sendReply(res: SipResponseLike, reply: RegisterReply): void {
  switch (reply.status) {
    case 200: {
      const headers: Record<string, string> = {};
      if (reply.contacts.length > 0) headers['Contact'] = reply.contacts.map((c) => `<${c.uri}>;expires=${c.expiresSeconds}`).join(', ');
      return res.send(200, { headers });
    }
    case 401: return res.send(401, { headers: { 'WWW-Authenticate': reply.challenges[0]! } });
    case 423: return res.send(423, REASONS[423], { headers: { 'Min-Expires': String(reply.minExpires) } });
    case 429: return res.send(429, REASONS[429], { headers: { 'Retry-After': String(reply.retryAfterSeconds) } });
    default: return res.send(reply.status, reply.reason);
  }
}

/** The srf.register() handler. Any failure inside answers 500 rather than leaving the phone waiting. */
export function registerHandler(registrar: RegistrarPort, log: Log) {
  return (req: SipRequestLike, res: SipResponseLike): void => {
    const parsed = toRegisterRequest(req);
    if (!parsed) return void res.send(400);
    registrar.register(parsed).then(
      (reply) => sendReply(res, reply),
      (err: unknown) => {
        log.warn({ err: String(err), source: parsed.sourceIp }, 'REGISTER failed');
        try { res.send(500); } catch { /* transaction gone */ }
      },
    );
  };
}
