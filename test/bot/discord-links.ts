const MASKED_LINK = /(?<=(?:^|[^\\])(?:\\\\)*)\[[^\]]*\]\(\s*<?[^)\s>]+>?\s*\)/g;
const URL = /[a-z][a-z0-9+.-]*:\/\/[^\s>]+/gi;

/**
 * What Discord's Markdown would turn into clickable links in `text` (message content, embed
 * description, field values): masked links `[label](url)` whose `[` is not backslash-escaped (an
 * escaped `\[` shows as `[`), and URLs written with their `scheme://`, bare or in `<…>`.
 * https://support.discord.com/hc/en-us/articles/210298617-Markdown-Text-101
 */
export function clickableLinks(text: string): string[] {
  const masked = [...text.matchAll(MASKED_LINK)].map((match) => match[0]);
  const urls = [...text.replace(MASKED_LINK, ' ').matchAll(URL)].map((match) => match[0]);
  return [...masked, ...urls];
}
