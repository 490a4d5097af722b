import { escapeMarkdown } from 'discord.js';

const ZERO_WIDTH_JOINER = '\u200d';

/**
 * Makes text someone else wrote (prize names, Twitch logins, API messages echoing a prize list) safe
 * to put in a Discord message or embed (SPEC §9):
 * - links: a URL's `scheme://` is broken with a zero-width joiner, so `https://…` and `<https://…>`
 *   stay visible text that Discord neither links nor previews; every `[` and `]` is escaped, so
 *   `[Free Nitro](https://…)` cannot become a masked link whose text hides where it goes.
 *   (discord.js's `escapeMaskedLink` escapes only the first `[` of a line, which leaves
 *   `[a](x) [b](y)`'s second link live.)
 * - Markdown is escaped, and `@everyone`, `@here` and `<@…>`/`<@&…>`/`<#…>` mentions are broken with a
 *   zero-width joiner so they neither ping nor render as a mention. Every message also carries
 *   `allowedMentions: { parse: [] }`; this is the second lock.
 */
export function neutralize(text: string): string {
  // Links are broken before Markdown is escaped: escapeMarkdown leaves `_` and `*` inside URLs alone.
  const unlinked = text.replace(/([a-z][a-z0-9+.-]*):\/\//gi, `$1:${ZERO_WIDTH_JOINER}//`);
  return escapeMarkdown(unlinked)
    .replace(/[[\]]/g, '\\$&')
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
