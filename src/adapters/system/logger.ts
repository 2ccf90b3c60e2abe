import pino, { type Logger } from 'pino';

/** One pino logger; phone numbers and secrets are redacted wherever they appear as fields. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['phone', '*.phone', 'req.headers.authorization', 'req.headers["x-api-key"]', 'secret', '*.secret'],
      censor: '[redacted]',
    },
    serializers: {
      // Query strings can hold phone numbers (/v1/phone-numbers/validate?number=…): log the path only.
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
    },
  });
}
