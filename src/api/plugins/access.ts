import { type Readable, Transform } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Channel, ChannelRepository } from '../../channels/channel-repository.ts';
import type { DiscordLinkRepository } from '../../channels/discord-link-repository.ts';
import type { OverlayKeyRepository } from '../../channels/overlay-key-repository.ts';
import { ID_PATTERN } from '../../contract/common.ts';
import { DISCORD_SNOWFLAKE } from '../../contract/discord.ts';
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
 * - `stream`: as `scoped`, or the channel's overlay key in `?key=` (OBS opens a plain URL);
 * - `viewer`: a viewer signed in on the claim page (their own prizes only), with the CSRF token on
 *   every change.
 */
export type RouteAccess = 'public' | 'service' | 'scoped' | 'stream' | 'viewer';

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
    /** Whether the access hook admitted the request by the service token (not a session or a key). */
    viaServiceToken: boolean;
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
    app.decorateRequest('viaServiceToken', false);
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith(API_PREFIX) && !route.config?.access) {
        throw new Error(`route ${route.method} ${route.url} declares no config.access`);
      }
    });
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config?.access;
      if (!access || access === 'public') return;
      if (access === 'viewer') {
        const viewer = request.viewerSession;
        if (!viewer) {
          throw new AppError(
            401,
            'viewer_not_logged_in',
            'Sign in with Twitch on the claim page first (/resgatar).',
          );
        }
        if (changesState(request)) requireCsrfToken(request, viewer);
        return;
      }
      const guild = guildHeader(request);
      if (access === 'service') {
        requireServiceToken(request, deps.apiToken);
        request.viaServiceToken = true;
        // A Discord server reaches only itself: its own server record, or (routes naming no server,
        // such as the event stream) its own channel.
        if (guild !== undefined && !requireOwnGuildRecord(request, guild)) {
          request.channel = await linkedChannel(deps, guild);
        }
        return;
      }
      const target = await resolveTarget(deps, request);
      if (target !== undefined && target !== MALFORMED) request.channel = target;
      if (access === 'stream' && target !== MALFORMED && isOverlayRequest(request)) {
        // An unknown channel and a wrong key get the same answer: the stream does not tell who exists.
        await requireOverlayKey(deps, request, request.channel);
        return;
      }
      if (access === 'stream' && !request.channel && target !== MALFORMED) throw channelNotFound(request);
      await requireScopedAccess(deps, request, target, guild);
    });
    // A route may take a large body from the service token only (the entrants of a scripted draw); any
    // other caller gets the app's default limit there too, counted as the body arrives.
    app.addHook('preParsing', async (request, _reply, payload) => {
      const limit = request.routeOptions.bodyLimit ?? SHARED_BODY_LIMIT;
      if (request.viaServiceToken || limit <= SHARED_BODY_LIMIT) return payload;
      return limitBody(request, payload, SHARED_BODY_LIMIT);
    });
  },
  { name: 'kinoyu-access', dependencies: ['kinoyu-dashboard-sessions', 'kinoyu-viewer-sessions'] },
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
    if (!ID_PATTERN.test(params.id) || !Number.isSafeInteger(Number(params.id))) return MALFORMED;
    const id = Number(params.id);
    const channelId = await deps.raffleRepository.channelOf(id);
    return channelId === undefined ? null : ((await deps.channels.findById(channelId)) ?? null);
  }
  return undefined;
}

async function requireScopedAccess(
  deps: AccessDeps,
  request: FastifyRequest,
  target: Target,
  guild: string | undefined,
): Promise<void> {
  const session = request.dashboardSession;
  if (session && request.headers.authorization === undefined) {
    requireOwnChannel(request, session, target);
    return;
  }
  requireServiceToken(request, deps.apiToken);
  request.viaServiceToken = true;
  if (guild === undefined || requireOwnGuildRecord(request, guild)) return;
  const linked = await linkedChannel(deps, guild);
  if (target !== undefined && target !== MALFORMED && target?.id !== linked.id) {
    throw guildForbidden();
  }
}

const guildForbidden = () =>
  new AppError(403, 'guild_forbidden', 'This Discord server is linked to another channel.');

/** The Discord server a bot request says it acts for (`X-Discord-Guild`), checked for shape. */
function guildHeader(request: FastifyRequest): string | undefined {
  const header = request.headers['x-discord-guild'];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !DISCORD_SNOWFLAKE.test(header)) {
    throw badRequest('invalid_guild', 'X-Discord-Guild must be one Discord server id (a snowflake).');
  }
  return header;
}

/**
 * For routes about one Discord server (`{guildId}`): the server in the header may act on its own
 * record only. Returns whether the route names a server (then nothing else is checked).
 */
function requireOwnGuildRecord(request: FastifyRequest, guild: string): boolean {
  const { guildId } = request.params as { guildId?: unknown };
  if (guildId === undefined) return false;
  if (guildId !== guild) throw guildForbidden();
  return true;
}

/** The channel a Discord server is linked to, or the 404 that says it is not linked yet. */
async function linkedChannel(deps: AccessDeps, guild: string): Promise<Channel> {
  const link = await deps.discordLinks.find(guild);
  const channel = link && (await deps.channels.findById(link.channelId));
  if (!channel) {
    throw notFound('guild_not_linked', 'This Discord server is not connected to a Twitch channel yet.');
  }
  return channel;
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

/** Whether a stream request comes in by the overlay's door: no token, and a key or no dashboard login. */
function isOverlayRequest(request: FastifyRequest): boolean {
  const key = (request.query as { key?: unknown }).key;
  return (
    request.headers.authorization === undefined && (typeof key === 'string' || !request.dashboardSession)
  );
}

/** The overlay's way in: the channel's own key, compared in constant time. */
async function requireOverlayKey(
  deps: AccessDeps,
  request: FastifyRequest,
  channel: Channel | null,
): Promise<void> {
  const key = (request.query as { key?: unknown }).key;
  if (typeof key !== 'string') {
    throw unauthorized('The service token or the overlay key (?key=…) is required.');
  }
  const expected = channel ? await deps.overlayKeys.ofChannel(channel.id) : undefined;
  if (expected === undefined || !sameSecret(key, expected)) {
    const login = (request.params as { login?: string }).login?.toLowerCase() ?? '';
    throw new AppError(403, 'invalid_overlay_key', `This key does not open the events of "${login}".`);
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

/** The body limit of every route, unless a route allows the service token more. */
export const SHARED_BODY_LIMIT = 256 * 1024;

const bodyTooLarge = () => new AppError(413, 'body_too_large', 'The request body is too large.');

/** `payload`, refused with a 413 as soon as it is (or says it will be) longer than `limit` bytes. */
function limitBody(request: FastifyRequest, payload: Readable, limit: number): Readable {
  if (Number(request.headers['content-length']) > limit) throw bodyTooLarge();
  let received = 0;
  return payload.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        done(received > limit ? bodyTooLarge() : null, chunk);
      },
    }),
  );
}
