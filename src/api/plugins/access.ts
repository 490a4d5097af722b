import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Channel, ChannelRepository } from '../../channels/channel-repository.ts';
import type { DiscordLinkRepository } from '../../channels/discord-link-repository.ts';
import type { OverlayKeyRepository } from '../../channels/overlay-key-repository.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import type { RaffleRepository } from '../../raffles/raffle-repository.ts';
import { sameSecret } from '../../security/constant-time.ts';
import { changesState, requireCsrfToken } from './csrf.ts';
import type { DashboardSession } from './dashboard-session.ts';
import { requireServiceToken, unauthorized } from './service-token.ts';

/**
 * Who may call a route, declared once in its `config.access`:
 * - `public`: anyone (proofs, health);
 * - `service`: the service token only (the bot, scripts);
 * - `scoped`: the service token — when the bot says which Discord server it acts for
 *   (`X-Discord-Guild`), only on that server's own channel — or the channel's dashboard session, its own
 *   channel only, with the CSRF token on every change;
 * - `stream`: as `scoped`, or the channel's overlay key in `?key=` (OBS opens a plain URL).
 */
export type RouteAccess = 'public' | 'service' | 'scoped' | 'stream';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /**
     * The channel the route names (`{login}`, or the channel of the raffle `{id}`), resolved once by the
     * access hook; null when the route names none or it does not exist (yet).
     */
    channel: Channel | null;
  }
}

export interface AccessDeps {
  readonly apiToken: string;
  readonly channels: ChannelRepository;
  readonly discordLinks: DiscordLinkRepository;
  readonly raffleRepository: RaffleRepository;
  readonly overlayKeys: OverlayKeyRepository;
}

const API_PREFIX = '/api/v1/';
const DISCORD_SNOWFLAKE = /^\d{17,20}$/;
/** Route parameters that cannot name a channel: the route's own validation answers them (400). */
const MALFORMED = Symbol('malformed parameters');
type Target = Channel | null | undefined | typeof MALFORMED;

/**
 * The one access decision of the API. It runs on `onRequest`, before the body is read, so a caller
 * without valid credentials is refused whatever it sends; it resolves the channel the route acts on
 * and hangs it on the request, so no route looks it up again. Every `/api/v1` route must declare its
 * access: one that does not fails at start-up instead of being open by mistake.
 */
export const accessControl = fp(
  async (app: FastifyInstance, deps: AccessDeps) => {
    app.decorateRequest('channel', null);
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith(API_PREFIX) && !route.config?.access) {
        throw new Error(`route ${route.method} ${route.url} declares no config.access`);
      }
    });
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config?.access;
      if (!access || access === 'public') return;
      if (access === 'service') {
        requireServiceToken(request, deps.apiToken);
        return;
      }
      const target = await resolveTarget(deps, request);
      if (target !== undefined && target !== MALFORMED) request.channel = target;
      if (access === 'stream' && target !== MALFORMED) {
        // The stream says first whether the channel exists, whoever asks.
        if (!request.channel) throw channelNotFound(request);
        const key = (request.query as { key?: unknown }).key;
        if (
          request.headers.authorization === undefined &&
          (typeof key === 'string' || !request.dashboardSession)
        ) {
          await requireOverlayKey(deps, request.channel, key);
          return;
        }
      }
      await requireScopedAccess(deps, request, target);
    });
  },
  { name: 'kinoyu-access', dependencies: ['kinoyu-dashboard-sessions'] },
);

/**
 * The channel a route acts on: `undefined` when it names none, `null` when it does not exist,
 * MALFORMED when its parameters cannot name one.
 */
async function resolveTarget(deps: AccessDeps, request: FastifyRequest): Promise<Target> {
  const params = request.params as { login?: string; id?: string };
  if (typeof params.login === 'string') {
    if (!/^[A-Za-z0-9_]{1,25}$/.test(params.login)) return MALFORMED;
    return (await deps.channels.findByLogin(params.login.toLowerCase())) ?? null;
  }
  if (typeof params.id === 'string') {
    const id = Number(params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return MALFORMED;
    const channelId = await deps.raffleRepository.channelOf(id);
    return channelId === undefined ? null : ((await deps.channels.findById(channelId)) ?? null);
  }
  return undefined;
}

async function requireScopedAccess(deps: AccessDeps, request: FastifyRequest, target: Target): Promise<void> {
  const session = request.dashboardSession;
  if (session && request.headers.authorization === undefined) {
    requireOwnChannel(request, session, target);
    return;
  }
  requireServiceToken(request, deps.apiToken);
  const header = request.headers['x-discord-guild'];
  if (header === undefined) return;
  if (typeof header !== 'string' || !DISCORD_SNOWFLAKE.test(header)) {
    throw badRequest('invalid_guild', 'X-Discord-Guild must be one Discord server id (a snowflake).');
  }
  const link = await deps.discordLinks.find(header);
  if (!link) {
    throw notFound('guild_not_linked', 'This Discord server is not connected to a Twitch channel yet.');
  }
  if (target !== undefined && target !== MALFORMED && target?.id !== link.channelId) {
    throw new AppError(403, 'guild_forbidden', 'This Discord server is linked to another channel.');
  }
}

/**
 * A dashboard session acts on its own channel only. Routes that name no channel stay the service
 * token's; a channel that does not exist is as forbidden as someone else's, so a session cannot probe
 * which logins exist.
 */
function requireOwnChannel(request: FastifyRequest, session: DashboardSession, target: Target): void {
  if (request.headers['x-discord-guild'] !== undefined) {
    throw badRequest('invalid_guild', 'X-Discord-Guild is for the bot, which uses the service token.');
  }
  if (target === undefined) throw unauthorized();
  if (target === MALFORMED) return;
  if (target?.id !== session.channelId) {
    throw new AppError(403, 'forbidden_channel', 'Your dashboard login only opens your own channel.');
  }
  if (changesState(request)) requireCsrfToken(request, session);
}

/** The overlay's way in: the channel's own key, compared in constant time. */
async function requireOverlayKey(deps: AccessDeps, channel: Channel, key: unknown): Promise<void> {
  if (typeof key !== 'string') {
    throw unauthorized('The service token or the overlay key (?key=…) is required.');
  }
  const expected = await deps.overlayKeys.ofChannel(channel.id);
  if (expected === undefined || !sameSecret(key, expected)) {
    throw new AppError(
      403,
      'invalid_overlay_key',
      `This key does not open the events of "${channel.login}".`,
    );
  }
}

/** The Discord server a bot request acts for (checked by the access hook), if any. */
export function guildOf(request: FastifyRequest): string | null {
  const guild = request.headers['x-discord-guild'];
  return typeof guild === 'string' ? guild : null;
}

/** The channel the route names, or a 404 that says so (after the body was validated). */
export function channelOf(request: FastifyRequest): Channel {
  if (!request.channel) throw channelNotFound(request);
  return request.channel;
}

function channelNotFound(request: FastifyRequest): AppError {
  const login = (request.params as { login?: string }).login ?? '';
  return notFound('channel_not_found', `There is no channel "${login.toLowerCase()}" yet.`);
}
