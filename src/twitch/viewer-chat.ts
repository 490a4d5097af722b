import type { Logger } from 'pino';
import type { ChannelRepository } from '../channels/channel-repository.ts';
import { normalizeChatWord } from '../contract/text.ts';
import type { EntryService } from '../entries/entry-service.ts';
import type { ClaimRepository } from '../raffles/claim-repository.ts';
import type { ClaimService } from '../raffles/claim-service.ts';
import type { ChatActivity } from './chat-activity.ts';
import { KNOWN_BOTS } from './entrants.ts';

/** A chat message as the EventSub listener hands it over. */
export interface IncomingChatMessage {
  readonly messageId: string;
  readonly channelId: number;
  readonly broadcasterId: string;
  readonly userId: string;
  readonly login: string;
  readonly text: string;
  /** When this process received it. */
  readonly at: Date;
}

/**
 * What a viewer's chat message does (SPEC §2.6, §2.7, §3): it counts as activity, and, in one round
 * trip (chat_message_seen), it may claim the sender's slot or enter them in the open window. Twitch
 * delivers at least once and every replica listens: each message is handled once per process (by
 * message id), and the database makes each claim and entry happen once, announced by the process that
 * made it.
 */
export class ViewerChat {
  constructor(
    private readonly deps: {
      activity: ChatActivity;
      claims: ClaimRepository;
      claimService: ClaimService;
      entries: EntryService;
      channels: ChannelRepository;
      logger: Logger;
    },
  ) {}

  async handle(message: IncomingChatMessage): Promise<void> {
    const fresh = await this.deps.activity.record(message);
    if (!fresh) return;
    const login = message.login.toLowerCase();
    const refusal =
      message.userId === message.broadcasterId ? 'broadcaster' : KNOWN_BOTS.has(login) ? 'bot' : null;
    const outcome = await this.deps.claims.seen({
      channelId: message.channelId,
      userId: message.userId,
      login,
      text: message.text,
      normalized: normalizeChatWord(message.text),
      at: message.at,
      refusal,
    });
    if (outcome.claimed.length === 0 && outcome.entry === null) return;
    const channel = await this.deps.channels.findById(message.channelId);
    if (!channel) return;
    if (outcome.claimed.length > 0) await this.deps.claimService.announceClaimed(channel, outcome.claimed);
    if (outcome.entry) {
      this.deps.entries.onEntry(channel, outcome.entry.windowId, message.userId, outcome.entry.state);
    }
  }
}
