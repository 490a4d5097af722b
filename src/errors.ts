import type { ErrorCode } from './contract/codes.ts';

/**
 * An expected failure that a user or a client can act on: a stable `code`, an HTTP status and a
 * message safe to show. Rendered in one place (the API error handler; later the bot's reply helper).
 */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** 400: the request is malformed or a value is out of range. */
export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, details);

/** 404: the thing named in the URL does not exist. */
export const notFound = (code: ErrorCode, message: string) => new AppError(404, code, message);

/** 409: the request conflicts with the current state (duplicate name, nothing left to draw…). */
export const conflict = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, details);
