import { CommandError } from '../command-error.ts';

/** The API's limit of winners per one-off draw. */
export const MAX_WINNERS = 100;

/** `!sortear [n]`: no number = 1 winner; otherwise a whole number from 1 to 100. */
export function parseWinnerCount(text: string): number {
  const given = text.trim();
  if (given === '') return 1;
  if (!/^\d{1,3}$/.test(given)) throw new CommandError('error.invalid_winner_count');
  const count = Number(given);
  if (count < 1 || count > MAX_WINNERS) throw new CommandError('error.invalid_winner_count');
  return count;
}

/** `!verificar <id>`: a raffle id, with or without a leading `#`. */
export function parseRaffleId(text: string): number {
  const match = /^#?(\d{1,15})$/.exec(text.trim());
  const id = match ? Number(match[1]) : 0;
  if (!Number.isSafeInteger(id) || id < 1) throw new CommandError('error.invalid_raffle_id');
  return id;
}
