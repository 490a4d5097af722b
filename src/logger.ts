import type { FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

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

/** Whether logs are for a person: stdout is a terminal (else JSON lines, for a log collector). */
export function wantsReadableLogs(stdout: { readonly isTTY?: boolean } = process.stdout): boolean {
  return stdout.isTTY === true;
}

export interface LoggerOptions {
  /** Readable lines instead of JSON; by default when stdout is a terminal. */
  readonly pretty?: boolean;
  /** Where lines go (tests); stdout by default. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * The process logger: JSON lines, or readable lines (pino-pretty, in this thread, so nothing is lost
 * when the process exits) when a person watches a terminal. Secrets are redacted before either.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? wantsReadableLogs();
  const settings = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (pretty) {
    return pino(
      settings,
      pinoPretty({
        translateTime: 'HH:MM:ss',
        ignore: 'pid,hostname',
        sync: true,
        ...(options.destination && { destination: options.destination, colorize: false }),
      }),
    );
  }
  return options.destination ? pino(settings, options.destination) : pino(settings);
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
