import { createServer, type IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { requestForLog } from '../logger.ts';
import type { BeaconChain } from '../raffles/beacon.ts';
import { webRoutes } from '../web/web-routes.ts';
import { accessControl, SHARED_BODY_LIMIT } from './plugins/access.ts';
import { dashboardSessions } from './plugins/dashboard-session.ts';
import { documentation } from './plugins/documentation.ts';
import { frameworkErrors, registerErrorHandler } from './plugins/error-handler.ts';
import { rateLimits } from './plugins/rate-limit.ts';
import { viewerSessions } from './plugins/viewer-session.ts';
import { routes } from './routes/index.ts';
import type { Services } from './services.ts';

/** How long a client may take to send a whole request, body included. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface AppOptions {
  /** Overrides REQUEST_TIMEOUT_MS (tests of slow clients). */
  readonly requestTimeoutMs?: number;
  /**
   * Prefix of the rate-limit counters in Redis (replicas sharing budgets share it). Tests give each app
   * its own, so test files running at once on one Redis do not spend each other's budget.
   */
  readonly rateLimitPrefix?: string;
  /** The drand chain the server draws with (SPEC §4.1), shown to the proof page; absent when not configured. */
  readonly beaconChain?: () => Promise<BeaconChain | undefined>;
}

/**
 * Builds the API as a Fastify instance that never listens: main.ts listens, tests use inject().
 * The app-wide plugins live in plugins/, the routes in routes/ (folders mirroring the URLs).
 */
export async function buildApp(
  services: Services,
  logger: Logger,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const app = Fastify({
    // A request (headers and body) not received within the timeout is cut off (SPEC §9), checked every
    // second rather than Node's default 30 s. Streams are not affected: the timeout ends once the
    // request is in, however long the answer lasts.
    serverFactory: (handler) =>
      createServer(
        { requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) },
        handler,
      ),
    // One request serializer for every route: query values never reach a log line.
    loggerInstance: logger.child({}, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    // A route that takes more (the entrants of a scripted draw) says so, for the service token only.
    bodyLimit: SHARED_BODY_LIMIT,
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  cutOffUnfinishedBodiesOnClose(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // The order is fixed: each plugin hooks the routes added after it.
  // 1. Documentation: @fastify/swagger collects every route added after it.
  await app.register(documentation(services.config));
  // 2. The one error handler (problem+json) and the 404 of unknown routes.
  registerErrorHandler(app);
  // 3. Rate limits: marks the public routes it budgets as they are added.
  await app.register(
    rateLimits(services.config, {
      ...(options.rateLimitPrefix !== undefined && { redisPrefix: options.rateLimitPrefix }),
    }),
  );
  // 4. Sessions: cookies, the dashboard session and the viewer session of each request, which access reads.
  await app.register(dashboardSessions(services.config, services.dashboardSessions));
  await app.register(viewerSessions(services.config, services.signedTokens));
  // 5. Access: the one decision of who may call each /api/v1 route (config.access).
  await app.register(accessControl, {
    apiToken: services.config.apiToken,
    channels: services.channels,
    discordLinks: services.discordLinks,
    raffleRepository: services.raffleRepository,
    overlayKeys: services.overlayKeys,
  });
  // 6. Routes: the API's, then the web pages.
  await app.register(routes(services));
  await app.register(webRoutes(services, { beaconChain: options.beaconChain }));
  return app;
}

/**
 * On close, connections still sending a request body are cut at once: a slow (or stalled) client
 * would otherwise hold the shutdown until its request timeout. Requests already received finish.
 */
function cutOffUnfinishedBodiesOnClose(app: FastifyInstance): void {
  const receiving = new Set<IncomingMessage>();
  app.server.on('request', (request: IncomingMessage) => {
    const { 'content-length': length, 'transfer-encoding': encoding } = request.headers;
    const hasBody = (length !== undefined && length !== '0') || encoding !== undefined;
    if (!hasBody || request.complete) return;
    receiving.add(request);
    const done = () => receiving.delete(request);
    request.once('end', done);
    request.once('close', done);
  });
  app.addHook('preClose', async () => {
    // Only bodies still on their way: a request without one (an event stream) is ended by its own route.
    for (const request of receiving) if (!request.complete) request.socket.destroy();
  });
}
