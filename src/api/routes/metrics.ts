import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../contract/common.ts';
import { AppError } from '../../errors.ts';
import { collectProcessMetrics, metricsText } from '../../metrics/metrics.ts';
import { sameSecret } from '../../security/constant-time.ts';
import { unauthorized } from '../plugins/service-token.ts';

/** Whether an address is the machine itself: 127.0.0.0/8 or ::1 (also as ::ffff:127.x.x.x). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address || isIP(address) === 0) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

/**
 * Who may read the metrics (SPEC §5, §6): with METRICS_TOKEN, whoever sends it as a bearer token
 * (compared in constant time, 401 otherwise); without it, only a client on this machine — the socket's
 * own address, not a forwarded one, and no request a proxy forwarded (it connects from loopback too).
 * Anyone else is told there is no such route.
 */
function requireMetricsAccess(request: FastifyRequest, metricsToken: string | undefined): void {
  if (metricsToken !== undefined) {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !sameSecret(match[1], metricsToken)) {
      throw unauthorized('The metrics token is required (Authorization: Bearer $METRICS_TOKEN).');
    }
    return;
  }
  const forwarded =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (forwarded || !isLoopbackAddress(request.socket.remoteAddress)) {
    throw new AppError(404, 'route_not_found', `Route GET ${request.url} not found.`);
  }
}

/** `GET /metrics`: the Prometheus metrics of this process (SPEC §5). */
export function metricsRoutes(metricsToken: string | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    collectProcessMetrics();
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['health'],
          summary: 'Prometheus metrics of this process (METRICS_TOKEN, or loopback only when unset)',
          description:
            'Text format 0.0.4: draws, session tick and claim expiry lateness, Twitch requests and token ' +
            'refreshes, open event streams, Discord commands (when the bot runs in this process), and ' +
            "Node's process metrics, all prefixed `kinoyu_`.",
          response: {
            200: {
              description: 'The metrics',
              content: { 'text/plain': { schema: z.string().meta({ example: 'kinoyu_sse_clients 2\n' }) } },
            },
            401: problemSchema,
          },
        },
        // Prometheus scrapes every few seconds: its requests would drown the log at info.
        logLevel: 'warn',
        onRequest: async (request) => requireMetricsAccess(request, metricsToken),
      },
      async (_request, reply) => {
        const { contentType, body } = await metricsText();
        return reply.type(contentType).send(body);
      },
    );
  };
}
