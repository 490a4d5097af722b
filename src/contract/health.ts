import { z } from 'zod';

/** `GET /healthz`: the process is up. */
export const healthSchema = z.object({ status: z.literal('ok') }).meta({ example: { status: 'ok' } });

/** `GET /readyz`: the database answers and every migration is applied. */
export const readySchema = z
  .object({ status: z.literal('ready'), engine: z.string(), migrations: z.number() })
  .meta({ example: { status: 'ready', engine: 'pglite', migrations: 4 } });
