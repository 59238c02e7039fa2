import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DossierError, fullCode } from '../errors.js';

/**
 * Every HTTP status the API answers an error with, by error code, in one
 * place. A code not listed here is a bug on our side and answers 500.
 */
export const HTTP_STATUS: Readonly<Record<string, number>> = Object.freeze({
  [fullCode('E_PARAM')]: 400,
  [fullCode('E_OPTION')]: 400,
  [fullCode('E_AUTH')]: 401,
  [fullCode('E_READ_ONLY')]: 403,
  [fullCode('E_NOT_FOUND')]: 404,
  [fullCode('E_TOO_LARGE')]: 413,
  // the body of an upload was read but held no article
  [fullCode('E_EMPTY')]: 422,
  [fullCode('E_BINARY')]: 422,
  [fullCode('E_DECODE')]: 422,
  [fullCode('E_JSON')]: 422,
  [fullCode('E_CSV')]: 422,
  [fullCode('E_WARC')]: 422,
  [fullCode('E_FEED')]: 422,
  [fullCode('E_GZIP')]: 422,
  [fullCode('E_NO_TEXT')]: 422,
  [fullCode('E_UNREADABLE')]: 422,
  [fullCode('E_DB')]: 503,
});

/** Fastify's own errors that are the client's doing, as our codes. */
const FASTIFY_CODES: Readonly<Record<string, string>> = Object.freeze({
  FST_ERR_CTP_BODY_TOO_LARGE: fullCode('E_TOO_LARGE'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: fullCode('E_PARAM'),
  FST_ERR_CTP_EMPTY_JSON_BODY: fullCode('E_PARAM'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: fullCode('E_PARAM'),
  FST_ERR_NOT_FOUND: fullCode('E_NOT_FOUND'),
});

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; param?: string };
}

/** The JSON schema of `ErrorBody`, for the OpenAPI document. */
export const ERROR_SCHEMA = {
  $id: 'Error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'A code from the error catalogue, e.g. DOSSIER_E_PARAM' },
        message: { type: 'string', description: 'What went wrong and how to fix it' },
        param: { type: 'string', description: 'The request parameter at fault, when one is' },
      },
    },
  },
} as const;

/** A failed schema check, named after the parameter it is about: `limit must be <= 100`. */
function validationError(err: FastifyError): { status: number; body: ErrorBody } {
  const first = err.validation?.[0];
  const params = (first?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
  const fromPath = first?.instancePath?.replace(/^\//, '').split('/')[0];
  const param = params.missingProperty ?? params.additionalProperty ?? (fromPath || undefined);
  const where = err.validationContext ?? 'request';
  let message: string;
  if (params.additionalProperty) message = `${where} parameter "${params.additionalProperty}" is not known here`;
  else if (params.missingProperty) message = `${where} parameter "${params.missingProperty}" is required`;
  else message = `${where} parameter "${param ?? '?'}" ${first?.message ?? 'is invalid'}`;
  return { status: 400, body: { error: { code: fullCode('E_PARAM'), message, ...(param ? { param } : {}) } } };
}

/** Maps any thrown value to a status and an error body. */
export function toHttpError(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof DossierError) {
    const param = /^(\w+): /.exec(err.message)?.[1];
    return {
      status: HTTP_STATUS[err.code] ?? 500,
      body: {
        error: { code: err.code, message: err.message, ...(param && err.code.endsWith('E_PARAM') ? { param } : {}) },
      },
    };
  }
  const fe = err as FastifyError;
  if (fe?.validation) return validationError(fe);
  const code = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (code) return { status: HTTP_STATUS[code] ?? 400, body: { error: { code, message: fe.message } } };
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: { code: fullCode('E_PARAM'), message: fe.message } } };
  }
  return {
    status: 500,
    body: { error: { code: 'DOSSIER_E_INTERNAL', message: 'unexpected server error (please report this)' } },
  };
}

/** The one error handler of the server. */
export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toHttpError(err);
  if (status >= 500) request.log.error({ err }, 'request failed');
  void reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** The error a route throws when the thing asked for is not there. */
export function notFound(what: string): DossierError {
  return new DossierError('E_NOT_FOUND', what);
}
