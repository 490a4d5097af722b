import type { Logger } from 'pino';
import { type CommandResultLabel, recordDiscordCommand } from '../metrics/metrics.ts';
import type { ApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import type { DiscordLink } from './api-types.ts';
import { CommandError } from './command-error.ts';
import type { BotCommand, CommandContext, CommandReply } from './commands/command.ts';
import type { DrawsInFlight } from './draws-in-flight.ts';
import type { EchoGuard } from './echo-guard.ts';
import type { GuildLinks } from './guild-links.ts';
import { messagesFor } from './messages/index.ts';
import type { PostedAnnouncements } from './posted-announcements.ts';
import { failedPreconditions, type MemberAccess, type Precondition } from './preconditions.ts';
import { type DirectMessageOutcome, replyPrivately } from './private-reply.ts';
import { mentionsFollowUp } from './render/raffle-announcement.ts';
import { replyForError } from './reply-error.ts';

/** What the bot shares between commands. */
export interface BotServices {
  readonly api: ApiClient;
  readonly links: GuildLinks;
  readonly echoes: EchoGuard;
  /** Where recent raffles were shown, to edit those messages as their claims change. */
  readonly announcements: PostedAnnouncements;
  /** The draw commands waiting for the API, so a draw's events reach the command's own reply. */
  readonly draws: DrawsInFlight;
  readonly logger: Logger;
  readonly publicUrl: string;
}

/** Where a reply landed in Discord. */
export interface SentMessage {
  readonly channelId: string;
  readonly messageId: string;
}

/** A command as it arrived from Discord, reduced at the edge (bot.ts) to what the dispatcher needs. */
export interface Invocation {
  readonly kind: 'message' | 'interaction';
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  /** The member's Discord username, shown on pages they open from a private link. */
  readonly userName: string;
  readonly member: MemberAccess;
  /** Answers within Discord's 3 seconds before any slow work: deferReply, or "typing…" for text. */
  acknowledge(ephemeral: boolean): Promise<void>;
  /** Shows the command's reply: the first call sends it, later calls edit that same message. */
  send(reply: CommandReply): Promise<SentMessage>;
  /** Sends a DM to the member; 'refused' when Discord refuses it (error 50007). */
  sendDirect(reply: CommandReply): Promise<DirectMessageOutcome>;
  /** Sends a new message after the reply, in its channel (mentions in an edited reply ping nobody). */
  followUp(reply: CommandReply): Promise<void>;
}

/**
 * Runs one command: acknowledge first (3-second rule), look up the server's link (language, manager
 * role), check preconditions, parse, run, reply — and any failure becomes a localized reply.
 */
export async function dispatch(
  services: BotServices,
  command: BotCommand,
  parse: () => unknown,
  invocation: Invocation,
): Promise<void> {
  const logContext = { command: command.id, guildId: invocation.guildId, invocation: invocation.id };
  const startedAt = performance.now();
  let result: CommandResultLabel = 'ok';
  let link: DiscordLink | null = null;
  let messages = messagesFor(null);
  let reply: CommandReply | null;
  // How many times the reply was shown: a result sent after an interim reply is an edit of it.
  let shown = 0;
  const counting: Invocation = {
    ...invocation,
    send: (sent) => {
      shown++;
      return invocation.send(sent);
    },
  };
  try {
    await invocation.acknowledge(command.ephemeral ?? false);
    link = await services.links.get(invocation.guildId);
    messages = messagesFor(link?.language);
    link = await checkPreconditions(services, command.preconditions, invocation, link, command.id);
    const args = parse();
    reply = await command.run(contextFor(services, counting, link), args);
  } catch (error) {
    result = commandResultOf(error);
    reply = { content: replyForError(error, messages, services.logger, logContext) };
  }
  try {
    if (!reply) return;
    // A slash command's private reply is ephemeral already; a text command's goes by DM.
    if (reply.privately && invocation.kind === 'message')
      reply = await replyPrivately(services, reply, invocation.sendDirect, logContext);
    await sendAndRemember(services, counting, reply);
    // Edited in over "waiting for drand round N": its mentions pinged nobody, so they are sent again.
    const ping = shown > 1 ? mentionsFollowUp(reply, messages) : null;
    if (ping) {
      await invocation.followUp(ping).catch((error: unknown) => {
        services.logger.warn({ ...logContext, err: error }, 'could not ping the winners below the reply');
      });
    }
  } catch (error) {
    result = 'failed';
    services.logger.error({ ...logContext, err: error }, 'could not send the reply to Discord');
  } finally {
    recordDiscordCommand(command.id, result, (performance.now() - startedAt) / 1000);
  }
}

/** Sends (or updates) the command's reply; one that shows a raffle is remembered, to edit it later. */
async function sendAndRemember(
  services: BotServices,
  invocation: Invocation,
  reply: CommandReply,
): Promise<void> {
  const sent = await invocation.send(reply);
  if (reply.shows && !reply.privately) {
    services.announcements.remember(reply.shows.raffleId, {
      guildId: invocation.guildId,
      ...sent,
      rerolledPosition: reply.shows.rerolledPosition,
      recipients: reply.shows.recipients,
    });
  }
}

/** A user error (the bot's own, or an API refusal) is `refused`; anything else `failed`. */
function commandResultOf(error: unknown): CommandResultLabel {
  if (error instanceof CommandError) return 'refused';
  return error instanceof ApiError && error.status >= 400 && error.status < 500 ? 'refused' : 'failed';
}

/**
 * Refuses a member who fails a precondition (of a command, or of a button they clicked). The link may
 * be a few seconds old, so a refusal is checked again against a fresh one (a manager role just set on
 * the dashboard counts at once). Returns the link the check passed with.
 */
export async function checkPreconditions(
  services: BotServices,
  preconditions: readonly Precondition[],
  who: { readonly guildId: string; readonly userId: string; readonly member: MemberAccess },
  cached: DiscordLink | null,
  action: string,
): Promise<DiscordLink | null> {
  if (failedPreconditions(preconditions, who.member, cached).length === 0) return cached;
  services.links.forget(who.guildId);
  const fresh = await services.links.get(who.guildId);
  const failed = failedPreconditions(preconditions, who.member, fresh);
  if (failed.length === 0) return fresh;
  services.logger.info({ action, guildId: who.guildId, userId: who.userId, failed }, 'command refused');
  throw new CommandError('error.missing_permission');
}

function contextFor(services: BotServices, invocation: Invocation, link: DiscordLink | null): CommandContext {
  const language = link?.language ?? 'pt-BR';
  return {
    ...services,
    guildId: invocation.guildId,
    channelId: invocation.channelId,
    userId: invocation.userId,
    userName: invocation.userName,
    invocation: { kind: invocation.kind, id: invocation.id },
    link,
    language,
    messages: messagesFor(language),
    progress: async (reply) => {
      try {
        await sendAndRemember(services, invocation, reply);
      } catch (error) {
        services.logger.warn(
          { guildId: invocation.guildId, invocation: invocation.id, err: error },
          'could not show how the command is going',
        );
      }
    },
  };
}
