/** Maps HoldlessError codes and fastify errors to HTTP answers: {code, message, fields?, ...details}. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isHoldlessError } from '../../domain/errors.js';
import { POLICY_REFUSALS } from '../../domain/phone.js';

const STATUS: Record<string, number> = {
  HOST_REQUIRED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CALLBACK_ALREADY_OPEN: 409,
  CALLBACK_IN_PROGRESS: 409,
  CALLBACK_ENDED: 409,
  CONCURRENT_UPDATE: 409,
  PHONE_NOT_REGISTERED: 409,
  SLOT_FULL: 429,
  NUMBER_RATE_LIMITED: 429,
  SERVICE_THROTTLED: 429,
  RATE_LIMITED: 429,
  STORAGE_UNAVAILABLE: 503,
  NOT_DISPATCHER: 503,
  DISPATCHER_UNAVAILABLE: 503,
  TELEPHONY_UNAVAILABLE: 503,
  CAPTCHA_REQUIRED: 400,
  CAPTCHA_INVALID: 403,
  CAPTCHA_EXPIRED: 403,
  CAPTCHA_REUSED: 409,
  CAPTCHA_NOT_CONFIGURED: 404,
  PUSH_NOT_CONFIGURED: 404,
  // call-in (issue 8)
  PUSH_TARGET_TOO_LARGE: 413,
  CALLBACK_PUSH_EXPIRED: 410,
  CALLBACK_ALREADY_ACCEPTED: 409,
  CALLBACK_NOT_READY: 409,
  SNOOZE_LIMIT_REACHED: 409,
  NOT_A_CALL_IN: 409,
  MANAGEMENT_TOKEN_INVALID: 403,
  CALL_IN_CODES_EXHAUSTED: 503,
  CALL_IN_ALREADY_USED: 409,
  CALL_IN_EXPIRED: 409,
  CALL_IN_NOT_IMMEDIATE: 409,
  // admin (issue 11 part 4)
  CONFIG_NOT_WRITABLE: 409,
  CONFIG_EDIT_REFUSED: 409,
  SELF_REVOKE: 409,
};

export function statusFor(code: string, details: Record<string, unknown>): number {
  if (STATUS[code]) return STATUS[code];
  if (POLICY_REFUSALS.has(code)) return 403;
  // An unknown id in the URL is 404; an unknown id named in a body field is a bad field.
  if (code.endsWith('_NOT_FOUND')) return details.field ? 422 : 404;
  return 422;
}

export interface FieldError { field: string; code: string; message: string }

const ajvFieldCode: Record<string, string> = {
  required: 'REQUIRED',
  additionalProperties: 'UNKNOWN_FIELD',
  type: 'WRONG_TYPE',
  format: 'BAD_FORMAT',
  pattern: 'BAD_FORMAT',
  maxLength: 'TOO_LONG',
  minLength: 'TOO_SHORT',
  maxProperties: 'TOO_MANY_ENTRIES',
  maximum: 'TOO_LARGE',
  minimum: 'TOO_SMALL',
  enum: 'NOT_ALLOWED_VALUE',
  const: 'NOT_ALLOWED_VALUE',
};

interface AjvError { keyword: string; instancePath: string; message?: string; params: Record<string, unknown> }

function fieldOf(e: AjvError): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra = (e.params.missingProperty ?? e.params.additionalProperty) as string | undefined;
  return [path, extra].filter(Boolean).join('.') || '(body)';
}

export function validationFields(errors: AjvError[]): FieldError[] {
  return errors.map((e) => ({
    field: fieldOf(e),
    code: ajvFieldCode[e.keyword] ?? 'INVALID',
    message: e.keyword === 'additionalProperties' ? `unknown field '${fieldOf(e)}'` : `${fieldOf(e)} ${e.message ?? 'is invalid'}`,
  }));
}

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BODY_EMPTY', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'BODY_NOT_JSON', 'The body is not valid JSON.'],
};

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isHoldlessError(error)) {
    const status = statusFor(error.code, error.details);
    const { field, ...rest } = error.details as { field?: string; retryAfterSeconds?: unknown };
    const fields = field ? [{ field, code: error.code, message: error.message }] : undefined;
    if (typeof rest.retryAfterSeconds === 'number') reply.header('retry-after', String(rest.retryAfterSeconds));
    else if (error.code === 'NUMBER_RATE_LIMITED' || error.code === 'RATE_LIMITED') reply.header('retry-after', '60');
    return reply.status(status).send({ code: error.code, message: error.message, ...(fields ? { fields } : {}), ...rest });
  }
  if (error.validation) {
    const fields = validationFields(error.validation as AjvError[]);
    return reply.status(422).send({ code: 'VALIDATION_FAILED', message: fields.map((f) => f.message).join('; '), fields });
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return reply.status(known[0]).send({ code: known[1], message: known[2] });
  if (error.statusCode === 429) return reply.status(429).send({ code: 'RATE_LIMITED', message: 'Too many requests; slow down.' });
  if (isBusy(error)) {
    reply.header('retry-after', '1');
    return reply.status(503).send({ code: 'STORAGE_UNAVAILABLE', message: 'Storage is busy; try again shortly.' });
  }
  if (error.statusCode && error.statusCode < 500) {
    return reply.status(error.statusCode).send({ code: 'BAD_REQUEST', message: error.message });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ code: 'INTERNAL', message: 'Internal error.' });
}

const isBusy = (e: unknown): boolean => {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_READONLY';
};
