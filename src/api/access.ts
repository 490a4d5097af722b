import type { FastifyRequest } from 'fastify';
import type { ChannelRepository } from '../channels/channel-repository.ts';
import type { DiscordLinkRepository } from '../channels/discord-link-repository.ts';
import { AppError, badRequest, notFound } from '../errors.ts';
import type { RaffleRepository } from '../raffles/raffle-repository.ts';
import { changesState, requireCsrfToken } from './csrf.ts';
import type { DashboardSession } from './dashboard-session.ts';
import { serviceTokenGuard } from './service-token.ts';

const DISCORD_SNOWFLAKE = /^\d{17,20}$/;

/** What the guild check needs to find the channel a request acts on. */
export interface GuildScopeDeps {
  readonly apiToken: string;
  readonly channels: ChannelRepository;
  readonly discordLinks: DiscordLinkRepository;
  readonly raffleRepository: RaffleRepository;
}

/**
 * The preHandler of every `/api/v1` route that is not public (SPEC §7). Two ways in:
 * - the service token (the bot, scripts): every channel; when the bot says which Discord server it acts
 *   for (`X-Discord-Guild`), that server must be linked to the channel the request touches — the
 *   `{login}` in the URL, or the channel of the raffle `{id}`. One server can never read or change
 *   another's channel, even with a login typed by hand.
 * - a dashboard session cookie, without an Authorization header: its own channel only, on routes that
 *   name a channel; every state change also needs the session's CSRF token.
 */
export function serviceAccess(deps: GuildScopeDeps) {
  const requireServiceToken = serviceTokenGuard(deps.apiToken);
  return async function requireAccess(request: FastifyRequest): Promise<void> {
    const session = request.dashboardSession;
    if (session && request.headers.authorization === undefined) {
      await requireOwnChannel(deps, request, session);
      return;
    }
    await requireServiceToken(request);
    const header = request.headers['x-discord-guild'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !DISCORD_SNOWFLAKE.test(header)) {
      throw badRequest('invalid_guild', 'X-Discord-Guild must be one Discord server id (a snowflake).');
    }
    const link = await deps.discordLinks.find(header);
    if (!link) {
      throw notFound('guild_not_linked', 'This Discord server is not connected to a Twitch channel yet.');
    }
    const target = await targetChannelId(deps, request.params as { login?: string; id?: number });
    if (target !== undefined && target !== link.channelId) {
      throw new AppError(403, 'guild_forbidden', 'This Discord server is linked to another channel.');
    }
  };
}

/**
 * A dashboard session acts on its own channel only. Routes that name no channel (every channel's event
 * stream, Discord server routes) stay the service token's; a channel that does not exist is as
 * forbidden as someone else's, so a session cannot probe which logins exist.
 */
async function requireOwnChannel(
  deps: GuildScopeDeps,
  request: FastifyRequest,
  session: DashboardSession,
): Promise<void> {
  if (request.headers['x-discord-guild'] !== undefined) {
    throw badRequest('invalid_guild', 'X-Discord-Guild is for the bot, which uses the service token.');
  }
  const target = await targetChannelId(deps, request.params as { login?: string; id?: number });
  if (target === undefined) {
    throw new AppError(401, 'unauthorized', 'A valid service token is required (Authorization: Bearer …).');
  }
  if (target !== session.channelId) {
    throw new AppError(403, 'forbidden_channel', 'Your dashboard login only opens your own channel.');
  }
  if (changesState(request)) requireCsrfToken(request, session);
}

/** The channel a route acts on; `undefined` when the route names none, `null` when it does not exist. */
async function targetChannelId(
  deps: GuildScopeDeps,
  params: { login?: string; id?: number },
): Promise<number | null | undefined> {
  if (params.login !== undefined) return (await deps.channels.findByLogin(params.login))?.id ?? null;
  if (params.id !== undefined) return (await deps.raffleRepository.channelOf(params.id)) ?? null;
  return undefined;
}

/** The Discord server a bot request acts for (checked by serviceAccess), if any. */
export function guildOf(request: FastifyRequest): string | null {
  const guild = request.headers['x-discord-guild'];
  return typeof guild === 'string' ? guild : null;
}
