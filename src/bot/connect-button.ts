import { type ButtonClick, runButtonClick } from './button-click.ts';
import { CommandError } from './command-error.ts';
import { connectLinkReply } from './commands/connect.ts';
import { type BotServices, checkPreconditions } from './dispatch.ts';
import { serverManager } from './preconditions.ts';
import type { ConnectAction } from './render/connect-confirmation.ts';

/** A click on a `connect:<action>:<requesterId>` button of a move confirmation. */
export interface ConnectClick extends ButtonClick {
  readonly action: ConnectAction;
  readonly requesterId: string;
}

/**
 * The answer to "this server is already linked: create a link anyway?". Only the member who asked,
 * still a server manager, may answer. "Sim, trocar" sends the link to them alone (ephemeral) and
 * leaves a neutral note where the question was; "Cancelar" only closes the question.
 */
export async function handleConnectClick(services: BotServices, click: ConnectClick): Promise<void> {
  const logContext = { guildId: click.guildId, userId: click.userId, action: click.action };
  await runButtonClick(services, click, logContext, async (cached, messages) => {
    if (click.userId !== click.requesterId) throw new CommandError('error.not_your_confirmation');
    const link = await checkPreconditions(services, [serverManager], click, cached, 'connect.confirm');
    if (click.action === 'cancel') {
      await click.update({ content: messages['connect.cancelled']() });
      return;
    }
    const target = { ...click, language: link?.language ?? 'pt-BR' };
    const reply = await connectLinkReply(services.api, target, messages);
    services.logger.info(logContext, 'connect link minted for a server already linked, after confirmation');
    await click.tellPrivately(reply.content ?? '');
    await click.update({ content: messages['connect.moveConfirmed']() });
  });
}
