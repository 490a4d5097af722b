/** A chat line of the app that simulated viewers answer. */
export type AppAnnouncement =
  /** "Sorteio aberto! Digite !participar no chat para entrar." */
  | { readonly kind: 'entry_opened'; readonly word: string }
  /** "@fulano ganhou skin dourada! Digite !claim em 60 s" */
  | { readonly kind: 'claim_call'; readonly login: string; readonly word: string };

const WORD_TO_TYPE = /(?:Digite|Type)\s+(\S+)/i;
const WINNER = /@(\w+)\s+(?:ganhou|won)\b/i;
const LEADING_MENTION = /^\s*@(\w+)/;
const TO_ENTER = /para entrar|to enter/i;
// Quotes around the word, and a full stop or comma after it, are not part of it.
const AROUND_WORD = /^["'`“‘«]+|["'`”’».,;:]+$/g;

/**
 * Reads a line the app sent to chat, loosely, so a reworded announcement still works: the word is what
 * follows "Digite"/"Type"; a line naming a winner ("@login ganhou"/"@login won", or any leading
 * mention) is a claim call for them; a line with the word and "para entrar"/"to enter" opens entries.
 */
export function parseAppAnnouncement(text: string): AppAnnouncement | undefined {
  const word = WORD_TO_TYPE.exec(text)?.[1]?.replace(AROUND_WORD, '');
  if (!word) return undefined;
  const login = (WINNER.exec(text) ?? LEADING_MENTION.exec(text))?.[1];
  if (login) return { kind: 'claim_call', login: login.toLowerCase(), word };
  if (TO_ENTER.test(text)) return { kind: 'entry_opened', word };
  return undefined;
}
