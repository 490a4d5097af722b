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
  413: 'Payload Too Large',
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

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      404,
      'route_not_found',
      `There is no route ${request.method} ${request.url.split('?')[0]}.`,
    ),
  );
}
