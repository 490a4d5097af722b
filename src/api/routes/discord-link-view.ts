import type { Channel } from '../../channels/channel-repository.ts';
import type { DiscordLink } from '../../channels/discord-link-repository.ts';
import type { DiscordLinkView } from '../../contract/channels.ts';

/** A linked Discord server as the API shows it. */
export function toDiscordLinkView(link: DiscordLink, channel: Channel): DiscordLinkView {
  return {
    guildId: link.guildId,
    channel: channel.login,
    displayName: channel.displayName,
    connectionState: channel.connectionState,
    announcementChannelId: link.announcementChannelId,
    managerRoleId: link.managerRoleId,
    language: link.language,
  };
}
