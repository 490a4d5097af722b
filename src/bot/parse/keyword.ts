import { CommandError } from '../command-error.ts';

/** The longest entry keyword the API accepts (SPEC §2.7, `entryKeyword`). */
export const MAX_KEYWORD_LENGTH = 50;

/** `!abrir [palavra]`'s argument: undefined = the channel's default keyword. */
export function parseKeyword(text: string | null): string | undefined {
  const keyword = (text ?? '').trim();
  if (keyword === '') return undefined;
  if (keyword.length > MAX_KEYWORD_LENGTH) throw new CommandError('error.invalid_keyword');
  return keyword;
}
