import { ApiError } from '../api-error.ts';
import type { DiscordLink } from '../api-types.ts';
import type { CommandContext } from './command.ts';

/** The server's link, or the "not connected yet: use !conectar" error when there is none. */
export function requireLink(context: CommandContext): DiscordLink {
  if (!context.link) throw new ApiError(404, 'guild_not_linked', 'This Discord server is not linked yet.');
  return context.link;
}
