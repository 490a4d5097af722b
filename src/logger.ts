import type { FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';

/** Paths that may hold secrets; pino replaces them before a line is written (SPEC §9). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'token',
  'apiToken',
  'clientSecret',
  'client_secret',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.token',
];

/** The process logger: JSON lines, or readable lines when a person watches a terminal. */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY;
  return pino({
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty && {
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } },
    }),
  });
}

/**
 * A URL as log lines show it: every query value replaced. Query strings carry credentials here (connect
 * links `?link=`, OAuth `?code=&state=`, overlay keys `?key=`), so none is ever written (SPEC §9).
 */
export function urlForLog(url: string): string {
  return url.replace(/([?&][^=&#]*=)[^&#]*/g, '$1[redacted]');
}

/** The request as the API's log lines show it (Fastify's fields, with the query values redacted). */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: urlForLog(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
