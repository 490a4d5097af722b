import { z } from 'zod';
import type { ErrorCode } from './codes.ts';

/** A Twitch login in a URL; case-insensitive, stored lower-case. */
export const channelParams = z.object({
  login: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,25}$/, 'must be a Twitch login: 1 to 25 letters, digits or _')
    .transform((login) => login.toLowerCase()),
});

/** The digits of a positive database id, and nothing else (no spaces, signs, exponents or hex). */
export const ID_PATTERN = /^[1-9][0-9]{0,15}$/;

/** A positive database id in a URL or a query string. */
export const idParam = z
  .string()
  .regex(ID_PATTERN, 'must be a positive whole number, in digits only')
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER, 'is too large'));

/** The problem+json error body, for the OpenAPI document; `code` is one of ERROR_CODES. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string().meta({ example: 'invalid_prize_weight' satisfies ErrorCode }),
    message: z.string(),
  })
  .loose()
  .meta({ id: 'Problem' });

/** The OpenAPI security requirement of the routes the bot calls with the service token. */
export const bearer = [{ serviceToken: [] }];

/** The error answers of a channel route, for the OpenAPI document. */
export const channelRouteErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
