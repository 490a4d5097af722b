import type { BotCommand } from './commands/command.ts';

export const PREFIX = '!';

export type TextCommandMatch =
  | { readonly kind: 'command'; readonly command: BotCommand; readonly rest: string }
  | { readonly kind: 'unknown'; readonly given: string; readonly suggestion: string };

/**
 * Finds the command a `!` message names, and the text after its words (kept as typed, new lines
 * included: a prize list may span lines). A `!word` close to one of ours (`!sortearr`) is `unknown`
 * with a suggestion; anything else — no prefix, another bot's command — is null and ignored.
 */
export function matchTextCommand(content: string, commands: readonly BotCommand[]): TextCommandMatch | null {
  const trimmed = content.trimStart();
  if (!trimmed.startsWith(PREFIX)) return null;
  const words = trimmed.slice(PREFIX.length).split(/\s+/, 2);
  const first = (words[0] ?? '').toLowerCase();
  const second = (words[1] ?? '').toLowerCase();
  if (first === '') return null;

  const forms = commands.flatMap((command) => command.text.map((text) => ({ command, text })));
  const named = forms.filter((form) => form.text[0] === first);
  if (named.length === 0) return nearMiss(`${PREFIX}${first}`, uniqueNames(forms.map((f) => f.text[0])));

  const withSub = named.find((form) => form.text.length === 2 && form.text[1] === second);
  if (withSub) return { kind: 'command', command: withSub.command, rest: restAfter(trimmed, 2) };
  const plain = named.find((form) => form.text.length === 1);
  const subs = uniqueNames(named.filter((form) => form.text.length === 2).map((form) => form.text[1]));
  // `!itens adicionarr …`: a group's plain form takes no words, so an unknown one is a typo.
  if (plain && (subs.length === 0 || second === '')) {
    return { kind: 'command', command: plain.command, rest: restAfter(trimmed, 1) };
  }
  const suggestion = nearestName(second, subs) ?? subs[0] ?? '';
  return {
    kind: 'unknown',
    given: `${PREFIX}${first} ${second}`,
    suggestion: `${PREFIX}${first} ${suggestion}`,
  };
}

function nearMiss(given: string, names: string[]): TextCommandMatch | null {
  const nearest = nearestName(given.slice(PREFIX.length), names);
  return nearest ? { kind: 'unknown', given, suggestion: `${PREFIX}${nearest}` } : null;
}

/** The name within edit distance 2 (1 for short words) of `word`, if any. */
function nearestName(word: string, names: readonly string[]): string | undefined {
  if (word.length < 3) return undefined;
  const allowed = word.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(word, name);
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function restAfter(text: string, wordCount: number): string {
  const pattern = new RegExp(`^${escapeRegExp(PREFIX)}(?:\\S+\\s*){${wordCount}}`);
  return text.replace(pattern, '').trim();
}

function uniqueNames(names: readonly (string | undefined)[]): string[] {
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
