/**
 * Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
 * components reference): breaking one makes the whole message fail with a 400.
 */
export const DISCORD_LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldValue: 1024,
  /** Across every embed of one message. */
  embedTotal: 6000,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  messageContent: 2000,
} as const;

/**
 * Joins lines until `budget` characters, then ends with `more(leftOut)`, so a long list of winners or
 * prizes fits a description or field instead of failing the message.
 */
export function fitLines(
  lines: readonly string[],
  budget: number,
  more: (leftOut: number) => string,
): string {
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const tail = index < lines.length - 1 ? more(lines.length - index).length + 1 : 0;
    if (used + line.length + 1 + tail > budget) {
      kept.push(more(lines.length - index));
      return kept.join('\n');
    }
    kept.push(line);
    used += line.length + 1;
  }
  return kept.join('\n');
}
