import { accountLinkCommand } from './account-link.ts';
import { accountUnlinkCommand } from './account-unlink.ts';
import type { BotCommand } from './command.ts';
import { connectCommand } from './connect.ts';
import { drawCommand } from './draw.ts';
import { closeEntriesCommand } from './entries-close.ts';
import { openEntriesCommand } from './entries-open.ts';
import { helpCommand } from './help.ts';
import { addItemsCommand } from './items-add.ts';
import { clearItemsCommand } from './items-clear.ts';
import { itemCodesCommand } from './items-codes.ts';
import { listItemsCommand } from './items-list.ts';
import { removeItemCommand } from './items-remove.ts';
import { languageCommand } from './language.ts';
import { startSessionCommand } from './session-start.ts';
import { stopSessionCommand } from './session-stop.ts';
import { statusCommand } from './status.ts';
import { verifyCommand } from './verify.ts';

/** Every command of SPEC §2, each behind its text and slash forms. */
export const COMMANDS: readonly BotCommand[] = [
  connectCommand,
  listItemsCommand,
  addItemsCommand,
  removeItemCommand,
  clearItemsCommand,
  itemCodesCommand,
  startSessionCommand,
  stopSessionCommand,
  drawCommand,
  openEntriesCommand,
  closeEntriesCommand,
  statusCommand,
  verifyCommand,
  helpCommand,
  languageCommand,
  accountLinkCommand,
  accountUnlinkCommand,
];

/** The command behind `/command subcommand`. */
export function commandForSlash(command: string, subcommand: string | null): BotCommand | undefined {
  return COMMANDS.find((c) => c.slash.command === command && c.slash.subcommand === subcommand);
}
