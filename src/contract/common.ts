import { z } from 'zod';
import type { ErrorCode } from './codes.ts';

/** A Twitch login in a URL; case-insensitive, stored lower-case. */
export const channelParams = z.object({
  login: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,25}$/, 'must be a Twitch login: 1 to 25 letters, digits or _')
    .transform((login) => login.toLowerCase()),
});

/** A positive database id in a URL. */
export const idParam = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(Number.MAX_SAFE_INTEGER);

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
