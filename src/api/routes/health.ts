import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthSchema, readySchema } from '../../contract/health.ts';
import { appliedMigrations, readMigrationFiles } from '../../db/migrator.ts';
import { sendProblem } from '../plugins/error-handler.ts';
import type { Services } from '../services.ts';

/**
 * `GET /healthz`: the process is up. `GET /readyz`: the database answers and every migration is applied.
 */
export function healthRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['health'],
          summary: 'The process is up',
          response: { 200: healthSchema },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        schema: {
          tags: ['health'],
          summary:
            'The database answers and every migration is applied (503 otherwise, and while shutting down)',
          response: { 200: readySchema },
        },
      },
      async (request, reply) => {
        // Draining on SIGTERM: a load balancer sends the next requests elsewhere.
        if (services.draws.gate.closed) {
          return sendProblem(reply, 503, 'shutting_down', 'This server is shutting down.');
        }
        try {
          await services.database.ping();
          const [onDisk, applied] = await Promise.all([
            readMigrationFiles(),
            appliedMigrations(services.database),
          ]);
          const missing = onDisk.filter((file) => !applied.includes(file.name)).map((file) => file.name);
          if (missing.length > 0) {
            return sendProblem(
              reply,
              503,
              'migrations_pending',
              `Migrations not applied yet: ${missing.join(', ')}.`,
            );
          }
          return { status: 'ready' as const, engine: services.database.engine, migrations: applied.length };
        } catch (error) {
          request.log.warn({ err: error }, 'readiness check failed');
          return sendProblem(reply, 503, 'database_unavailable', 'The database does not answer.');
        }
      },
    );
  };
}
