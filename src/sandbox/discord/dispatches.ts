// Which gateway events a session gets and in what shape, following its intents.
// https://discord.com/developers/docs/events/gateway#gateway-intents
import { GatewayIntentBits } from 'discord.js';
import type { Gateway, GatewaySession } from './gateway.ts';
import { guildCreatePayload } from './gateway-payloads.external.ts';
import { type DiscordJson, memberPayload, messagePayload, rolePayload } from './payloads.external.ts';
import type { FakeState, GuildRecord, MessageRecord, RoleRecord } from './state.ts';

const has = (session: GatewaySession, intent: GatewayIntentBits) => (session.intents & intent) !== 0;

/** Sends the events that change what discord.js caches, to sessions whose intents ask for them. */
export class Dispatcher {
  constructor(
    private readonly gateway: Gateway,
    private readonly state: FakeState,
    /** When the bot joined each guild, for GUILD_CREATE's joined_at. */
    private readonly joinedAt: (guild: GuildRecord) => string,
  ) {}

  /** GUILD_CREATE of one guild, to one session (after READY) or to all (the bot joined a guild). */
  guildCreate(guild: GuildRecord, session?: GatewaySession): void {
    const payload = () => guildCreatePayload(this.state, guild, this.joinedAt(guild));
    if (session) {
      if (has(session, GatewayIntentBits.Guilds)) this.gateway.send(session, 'GUILD_CREATE', payload());
    } else
      this.gateway.dispatch('GUILD_CREATE', (each) =>
        has(each, GatewayIntentBits.Guilds) ? payload() : undefined,
      );
  }

  /** GUILD_ROLE_CREATE. */
  roleCreate(guild: GuildRecord, role: RoleRecord): void {
    this.gateway.dispatch('GUILD_ROLE_CREATE', (session) =>
      has(session, GatewayIntentBits.Guilds) ? { guild_id: guild.id, role: rolePayload(role) } : undefined,
    );
  }

  /** GUILD_MEMBER_ADD, which needs the privileged GuildMembers intent. */
  memberAdd(guild: GuildRecord, userId: string): void {
    this.gateway.dispatch('GUILD_MEMBER_ADD', (session) =>
      has(session, GatewayIntentBits.GuildMembers)
        ? { guild_id: guild.id, ...memberPayload(this.state, guild, userId) }
        : undefined,
    );
  }

  /**
   * MESSAGE_CREATE (or MESSAGE_UPDATE for an edit), to sessions with GuildMessages (DirectMessages for
   * a DM), content blanked without the MessageContent intent.
   */
  message(event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: MessageRecord): void {
    const full = messagePayload(this.state, message, true);
    const intent = message.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    this.gateway.dispatch(event, (session) => {
      if (!has(session, intent)) return undefined;
      return this.#canReadContent(session, message) ? full : withoutContent(full);
    });
  }

  /** MESSAGE_DELETE. */
  messageDelete(message: MessageRecord): void {
    this.gateway.dispatch('MESSAGE_DELETE', (session) =>
      has(session, GatewayIntentBits.GuildMessages)
        ? { id: message.id, channel_id: message.channelId, guild_id: message.guildId }
        : undefined,
    );
  }

  /** INTERACTION_CREATE, which every session gets whatever its intents. */
  interactionCreate(payload: DiscordJson): void {
    this.gateway.dispatch('INTERACTION_CREATE', () => payload);
  }

  // The privileged MessageContent intent is not needed for DMs, the bot's own messages and messages
  // that mention it. https://discord.com/developers/docs/events/gateway#message-content-intent
  #canReadContent(session: GatewaySession, message: MessageRecord): boolean {
    if (has(session, GatewayIntentBits.MessageContent) || message.guildId === null) return true;
    const botId = this.state.botUser.id;
    return message.authorId === botId || message.content.includes(`<@${botId}>`);
  }
}

function withoutContent(payload: DiscordJson): DiscordJson {
  return { ...payload, content: '', embeds: [], attachments: [], components: [] };
}
