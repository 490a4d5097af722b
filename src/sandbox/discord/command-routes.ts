// Application command registration (global and per guild).
import type { FakeContext } from './context.ts';
import { DiscordHttpError } from './http-io.ts';
import { noContent, ok, type Route, route } from './route.ts';

function checkApplication(context: FakeContext, applicationId = ''): void {
  if (applicationId !== context.applicationId) throw new DiscordHttpError(403, 50001, 'Missing Access');
}

function checkGuild(context: FakeContext, guildId = ''): string {
  if (!context.state.guilds.has(guildId)) throw new DiscordHttpError(404, 10004, 'Unknown Guild');
  return guildId;
}

const scoped = (prefix: string, guild: boolean): Route[] => [
  route('GET', prefix, (context, [applicationId, guildId]) => {
    checkApplication(context, applicationId);
    return ok(context.commands.list(guild ? checkGuild(context, guildId) : undefined));
  }),
  route('PUT', prefix, (context, [applicationId, guildId], request) => {
    checkApplication(context, applicationId);
    const stored = context.commands.overwrite(guild ? checkGuild(context, guildId) : undefined, request.body);
    context.waiters.notify();
    return ok(stored);
  }),
  route('POST', prefix, (context, [applicationId, guildId], request) => {
    checkApplication(context, applicationId);
    const stored = context.commands.upsert(guild ? checkGuild(context, guildId) : undefined, request.body);
    context.waiters.notify();
    return { status: 201, body: stored };
  }),
  route('DELETE', `${prefix}/:command`, (context, [applicationId, ...rest]) => {
    checkApplication(context, applicationId);
    const [guildId, commandId] = guild ? rest : [undefined, rest[0]];
    if (!context.commands.delete(guild ? checkGuild(context, guildId) : undefined, commandId ?? ''))
      throw new DiscordHttpError(404, 10063, 'Unknown application command');
    return noContent();
  }),
];

/** GET, PUT (bulk overwrite), POST and DELETE of global and guild commands. */
export const commandRoutes: Route[] = [
  ...scoped('/applications/:application/commands', false),
  ...scoped('/applications/:application/guilds/:guild/commands', true),
];
