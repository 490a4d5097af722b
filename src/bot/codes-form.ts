import { CODE_LIMITS } from '../contract/prizes.ts';
import { ApiError, TRANSPORT_CODES } from './api-error.ts';
import type { DiscordLink } from './api-types.ts';
import { CommandError } from './command-error.ts';
import { type BotServices, checkPreconditions } from './dispatch.ts';
import { messagesFor } from './messages/index.ts';
import { type MemberAccess, serverManager } from './preconditions.ts';
import { codesModal, splitCodes } from './render/codes-modal.ts';
import { replyForError } from './reply-error.ts';

/**
 * How long the bot may look up the server's link and the prize before showing the form: the form must
 * be the interaction's first response, within Discord's 3 seconds, so it cannot be deferred.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
const FORM_BUDGET_MS = 2_000;

/** Who is asking, reduced at the edge (bot.ts). */
interface Asker {
  readonly id: string;
  readonly guildId: string;
  readonly userId: string;
  readonly member: MemberAccess;
}

/** `/itens codigos item:<nome>`, reduced at the edge. */
export interface CodesFormRequest extends Asker {
  readonly itemName: string;
  /** The first response: the form. */
  showModal(modal: ReturnType<typeof codesModal>): Promise<void>;
  /** The first response instead of the form: a reply only the asker sees. */
  refuse(content: string): Promise<void>;
}

/** The submitted form, reduced at the edge. */
export interface CodesFormSubmission extends Asker {
  readonly itemId: number;
  readonly text: string;
  /** deferReply, ephemeral. */
  acknowledge(): Promise<void>;
  /** Edits the deferred reply. */
  answer(content: string): Promise<void>;
}

/**
 * `/itens codigos item:<nome>` (SPEC §2.8): a server manager gets a form to paste the prize's codes.
 * A non-manager or an unknown prize is refused at once, before anyone pastes anything.
 */
export async function openCodesForm(services: BotServices, request: CodesFormRequest): Promise<void> {
  const logContext = { command: 'items.codes', guildId: request.guildId, invocation: request.id };
  let messages = messagesFor(null);
  try {
    const lookup = (async () => {
      const link = await managerLink(services, request);
      messages = messagesFor(link.language);
      const wanted = request.itemName.trim().replace(/\s+/g, ' ');
      if (wanted === '') throw new CommandError('error.missing_prize_name');
      const { items } = await services.api.prizes(request.guildId, link.channel);
      const prize = items.find((item) => item.name.toLocaleLowerCase() === wanted.toLocaleLowerCase());
      if (!prize) throw new CommandError('error.prize_not_found', { name: wanted });
      return prize;
    })();
    const prize = await withinBudget(lookup, FORM_BUDGET_MS);
    await request.showModal(codesModal(prize, messages));
  } catch (error) {
    await request.refuse(replyForError(error, messages, services.logger, logContext)).catch((sendError) => {
      services.logger.error({ ...logContext, err: sendError }, 'could not answer /itens codigos');
    });
  }
}

/**
 * The pasted codes go to the API, which stores them encrypted; the reply (ephemeral) says how many
 * were added and how many are available. The codes are in no log line and no message.
 */
export async function submitCodesForm(services: BotServices, submission: CodesFormSubmission): Promise<void> {
  const logContext = { command: 'items.codes', guildId: submission.guildId, invocation: submission.id };
  let messages = messagesFor(null);
  let content: string;
  try {
    await submission.acknowledge();
    // Checked again: the form may have stayed open while the member lost the manager role.
    const link = await managerLink(services, submission);
    messages = messagesFor(link.language);
    const codes = splitCodes(submission.text);
    if (codes.length === 0) throw new CommandError('error.no_codes');
    if (codes.length > CODE_LIMITS.perCall)
      throw new CommandError('error.too_many_codes', { count: codes.length, max: CODE_LIMITS.perCall });
    const added = await services.api.addCodes(submission.guildId, link.channel, submission.itemId, codes);
    services.logger.info(
      {
        ...logContext,
        channel: link.channel,
        itemId: submission.itemId,
        added: added.added,
        unused: added.unused,
      },
      'prize codes added from Discord',
    );
    content = messages['codes.added']({ added: added.added, unused: added.unused });
  } catch (error) {
    content = replyForError(error, messages, services.logger, logContext);
  }
  await submission.answer(content).catch((sendError: unknown) => {
    services.logger.error({ ...logContext, err: sendError }, 'could not answer the codes form');
  });
}

/** The server's link, when the member may manage its prizes. */
async function managerLink(services: BotServices, asker: Asker): Promise<DiscordLink> {
  const cached = await services.links.get(asker.guildId);
  const link = await checkPreconditions(services, [serverManager], asker, cached, 'items.codes');
  if (!link) throw new ApiError(404, 'guild_not_linked', 'This Discord server is not linked yet.');
  return link;
}

/** `work`, or the "API did not answer" error once `ms` have passed (the work is left to finish). */
async function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ApiError(0, TRANSPORT_CODES.timeout, `no answer within ${ms} ms`)),
      ms,
    );
  });
  work.catch(() => undefined); // a late failure is not an unhandled rejection
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
