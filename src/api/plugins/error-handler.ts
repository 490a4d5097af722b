import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../../contract/codes.ts';
import { AppError } from '../../errors.ts';

/** The problem+json body of SPEC §7: a stable `code`, a human `message` and the HTTP status. */
export interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  code: string;
  message: string;
  [detail: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Sends a problem+json reply. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
) {
  const problem: Problem = {
    ...details,
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    code,
    message,
  };
  return reply.status(status).type('application/problem+json; charset=utf-8').send(problem);
}

// The code of an error answer that did not come through the error handler (a plugin's own reply).
const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'unauthorized',
  404: 'route_not_found',
  406: 'not_acceptable',
  413: 'body_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Fastify's router errors, which happen before any route or hook (a parameter longer than the router
 * takes, a URL it cannot decode): problem+json like every other error. Passed as `frameworkErrors`.
 */
export function frameworkErrors(error: FastifyError, _request: unknown, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, 414, 'uri_too_long', 'A part of this URL is longer than any valid value.');
  }
  return sendProblem(reply, 400, 'invalid_request', 'This URL cannot be read.');
}

// Fastify's own client errors, renamed to stable codes.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

/**
 * The one place where errors become replies: application errors with their code, validation errors
 * naming each field, Fastify's client errors, and anything else as a logged, generic 500.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, error.status, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => {
        const where =
          issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext || 'request';
        return { field: where, problem: issue.message };
      });
      const summary = fields.map((field) => `${field.field}: ${field.problem}`).join('; ');
      return sendProblem(
        reply,
        400,
        'invalid_request',
        `Invalid ${error.validationContext ?? 'request'}: ${summary}`,
        {
          fields,
        },
      );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, 413, 'body_too_large', 'The request body is too large.');
    }
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 400 && statusCode < 500) {
      const code = FASTIFY_CODES[error.code] ?? 'invalid_request';
      const message = code === 'invalid_json' ? 'The request body is not valid JSON.' : error.message;
      return sendProblem(reply, statusCode, code, message);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side; it has been logged.');
  });

  // A plugin that answers an error itself (the SSE plugin's 406, for one) sends plain JSON: every error
  // answer leaves as problem+json with a stable code all the same.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json') || typeof payload !== 'string') return payload;
    const status = reply.statusCode;
    let message = TITLES[status] ?? 'Error';
    try {
      const body = JSON.parse(payload) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON after all: the title stands in for the message.
    }
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
    const problem: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, message };
    reply.type('application/problem+json; charset=utf-8');
    return JSON.stringify(problem);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      404,
      'route_not_found',
      `There is no route ${request.method} ${request.url.split('?')[0]}.`,
    ),
  );
}
