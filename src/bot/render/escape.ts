import { escapeMarkdown } from 'discord.js';

const ZERO_WIDTH_JOINER = '\u200d';

/**
 * Makes text someone else wrote (prize names, Twitch logins, API messages echoing a prize list) safe
 * to put in a Discord message: Markdown is escaped, and `@everyone`, `@here` and `<@…>`/`<@&…>`/`<#…>`
 * mentions are broken with a zero-width joiner so they neither ping nor render as a mention (SPEC §9).
 * Every message also carries `allowedMentions: { parse: [] }`; this is the second lock.
 */
export function neutralize(text: string): string {
  return escapeMarkdown(text)
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_JOINER}$1`)
    .replace(/<(@[!&]?|#)/g, `<${ZERO_WIDTH_JOINER}$1`);
}

/** Cuts text to `max` characters, ending with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** The first 12 hex characters of a commitment: enough to compare by eye with the proof page. */
export function shortCommitment(commitment: string): string {
  return commitment.slice(0, 12);
}
