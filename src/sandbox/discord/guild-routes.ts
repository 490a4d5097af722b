// Guilds, their members, roles and channels. https://discord.com/developers/docs/resources/guild
import type { FakeContext } from './context.ts';
import { DiscordHttpError } from './http-io.ts';
import { channelPayload, guildPayload, memberPayload, rolePayload } from './payloads.external.ts';
import { ok, type Route, route } from './route.ts';

function guildOf(context: FakeContext, guildId = '') {
  const guild = context.state.guilds.get(guildId);
  if (!guild) throw new DiscordHttpError(404, 10004, 'Unknown Guild');
  return guild;
}

/** GET a guild, one or many members, its roles and channels. */
export const guildRoutes: Route[] = [
  route('GET', '/guilds/:guild', (context, [guildId], request) => {
    const guild = guildOf(context, guildId);
    const counts = request.query.get('with_counts') === 'true';
    return ok({
      ...guildPayload(guild),
      ...(counts && { approximate_member_count: guild.members.size, approximate_presence_count: 0 }),
    });
  }),
  route('GET', '/guilds/:guild/members/:user', (context, [guildId, userId]) => {
    const guild = guildOf(context, guildId);
    if (!guild.members.has(userId ?? '')) throw new DiscordHttpError(404, 10007, 'Unknown Member');
    return ok(memberPayload(context.state, guild, userId ?? ''));
  }),
  route('GET', '/guilds/:guild/members', (context, [guildId], request) => {
    const guild = guildOf(context, guildId);
    const limit = Math.min(Number(request.query.get('limit') ?? 1), 1000);
    const userIds = [...guild.members.keys()].slice(0, limit);
    return ok(userIds.map((userId) => memberPayload(context.state, guild, userId)));
  }),
  route('GET', '/guilds/:guild/roles', (context, [guildId]) =>
    ok(guildOf(context, guildId).roles.map(rolePayload)),
  ),
  route('GET', '/guilds/:guild/channels', (context, [guildId]) =>
    ok(guildOf(context, guildId).channels.map(channelPayload)),
  ),
];
