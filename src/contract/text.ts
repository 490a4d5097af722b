import { z } from 'zod';

// What text typed by a user may hold (SPEC §9): no C0 or C1 control characters (PostgreSQL refuses NUL,
// and the others corrupt logs and chat lines; tab and newline only where a field holds lines), no
// bidirectional override or isolate characters (they make a name read differently from what it is),
// and at least one visible character (a name of zero-width spaces looks empty everywhere it is shown).
// Zero-width joiners stay allowed inside text: emoji sequences need them.

// \p{Cc} is exactly the C0 controls, DEL and the C1 controls.
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /(?![\t\n])\p{Cc}/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
const INVISIBLE_ONLY = /^[\p{Cf}\p{Z}\s\u115f\u1160\u3164\uffa0]*$/u;

/** Why `text` is not acceptable user text, or undefined when it is. */
export function textProblem(text: string, options: { lines?: boolean } = {}): string | undefined {
  if ((options.lines ? CONTROL_BUT_LINES : CONTROL).test(text)) {
    return options.lines
      ? 'must not contain control characters (other than tab and new line)'
      : 'must not contain control characters';
  }
  if (BIDI_CONTROL.test(text)) return 'must not contain bidirectional override characters';
  if (INVISIBLE_ONLY.test(text)) return 'must contain a visible character';
  return undefined;
}

/** A one-line text field a user fills in: trimmed, 1 to `max` characters, and textProblem-free. */
export const userText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'cannot be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((text, context) => {
      const problem = textProblem(text);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });

// Characters chat clients add to make a repeated message pass Twitch's duplicate filter (7TV and
// Chatterino append U+E0000 or U+034F), and zero-width characters, which nobody types on purpose.
const CHAT_INVISIBLE = /[\u034f\u200b-\u200d\u2060\ufeff\u{e0000}-\u{e007f}]/gu;

/**
 * A chat message or a word to compare with one (claim word, entry keyword): invisible characters
 * removed, trimmed, inner spaces collapsed, lower case (SPEC §2.6, §2.7: "trimmed, case-insensitive").
 */
export function normalizeChatWord(text: string): string {
  return text.replace(CHAT_INVISIBLE, '').trim().replace(/\s+/gu, ' ').toLowerCase();
}
