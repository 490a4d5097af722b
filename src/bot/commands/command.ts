import type { ActionRowBuilder, ButtonBuilder, EmbedBuilder } from 'discord.js';
import type { Logger } from 'pino';
import type { ApiClient } from '../api-client.ts';
import type { DiscordLink, Language, Recipient } from '../api-types.ts';
import type { DrawsInFlight } from '../draws-in-flight.ts';
import type { EchoGuard } from '../echo-guard.ts';
import type { GuildLinks } from '../guild-links.ts';
import type { Messages } from '../messages/index.ts';
import type { Precondition } from '../preconditions.ts';

/** What a command answers; sent as a reply (text) or as the interaction's response (slash). */
export interface CommandReply {
  readonly content?: string;
  readonly embeds?: EmbedBuilder[];
  readonly components?: ActionRowBuilder<ButtonBuilder>[];
  /**
   * Set when only the member who asked may see the reply (a connect link: whoever opens it first can
   * re-point the server). A slash command's reply is already ephemeral; a text command's goes by DM,
   * and the channel only gets `dmSent`, or `dmRefused` when Discord refuses the DM.
   */
  readonly privately?: { readonly dmSent: string; readonly dmRefused: string };
  /** The only users the content may ping (linked winners, SPEC §2.8); nobody when unset. */
  readonly mentions?: readonly string[];
  /**
   * Set when the reply shows a raffle: the message is remembered so that its claim, an unclaimed
   * redraw or a forfeit edits it later (SPEC §2.6). `rerolledPosition` when it announces a redraw;
   * `recipients`, the linked holders it mentions, so an edit keeps mentioning those still holding.
   */
  readonly shows?: {
    readonly raffleId: number;
    readonly rerolledPosition: number | null;
    readonly recipients?: readonly Recipient[];
  };
}

/** The options of a slash command, read by name (the edge maps discord.js's resolver onto this). */
export interface SlashOptions {
  getString(name: string): string | null;
  getInteger(name: string): number | null;
}

/** Everything a command may use while it runs: who asked where, in which language, and the API. */
export interface CommandContext {
  readonly api: ApiClient;
  readonly links: GuildLinks;
  readonly echoes: EchoGuard;
  readonly logger: Logger;
  readonly publicUrl: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly userName: string;
  /** The Discord message or interaction this run answers; its id makes draws idempotent. */
  readonly invocation: { readonly kind: 'message' | 'interaction'; readonly id: string };
  /** The server's link to a Twitch channel, or null when it never connected. */
  readonly link: DiscordLink | null;
  readonly language: Language;
  readonly messages: Messages;
  /** The draw commands waiting for the API (a draw's `raffle.snapshot` reaches its command there). */
  readonly draws: DrawsInFlight;
  /**
   * Shows an interim reply now ("waiting for drand round N"); the final reply, or a later event about
   * the raffle it shows, edits that same message. Never throws: a failure is logged.
   */
  progress(reply: CommandReply): Promise<void>;
}

/**
 * One bot command, behind both its text form (`!sortear 3`) and its slash form
 * (`/sorteio sortear vencedores:3`): both parse into the same arguments and run the same handler.
 */
export interface BotCommand<Arguments = unknown> {
  /** Stable id for logs. */
  readonly id: string;
  /** The text form's words after `!`, e.g. `['itens', 'adicionar']`; more than one = aliases. */
  readonly text: readonly (readonly string[])[];
  readonly slash: { readonly command: 'sorteio' | 'itens'; readonly subcommand: string };
  /** Checks run before the handler; anything that changes state requires a server manager. */
  readonly preconditions: readonly Precondition[];
  /** Slash replies only the caller sees (the connect link and its confirmation). */
  readonly ephemeral?: boolean;
  parseText(rest: string): Arguments;
  parseSlash(options: SlashOptions): Arguments;
  /**
   * Runs the command; null = nothing (more) to say: a draw replayed by its idempotency key, or one
   * whose reply `progress` already showed.
   */
  run(context: CommandContext, args: Arguments): Promise<CommandReply | null>;
}

/** Builds a command with its argument type inferred (a registry holds `BotCommand<unknown>`). */
export function defineCommand<Arguments>(command: BotCommand<Arguments>): BotCommand<unknown> {
  return command as BotCommand<unknown>;
}
