// The names that spin before a winner lands: logins of this channel's recent entrants and winners.
const MAX_NAMES = 200;

/** Recent names of the channel, for the spinning part of a reveal. */
export class NamePool {
  readonly #names: string[] = [];

  add(names: readonly string[]): void {
    for (const name of names) {
      if (this.#names.includes(name)) continue;
      this.#names.push(name);
      if (this.#names.length > MAX_NAMES) this.#names.shift();
    }
  }

  /** Up to `count` names in random order, never `except`. */
  sample(count: number, except: string): string[] {
    const names = this.#names.filter((name) => name !== except);
    for (let index = names.length - 1; index > 0; index--) {
      const other = Math.floor(Math.random() * (index + 1));
      [names[index], names[other]] = [names[other] as string, names[index] as string];
    }
    return names.slice(0, count);
  }
}

/** A stand-in of the winner's length when no other name is known yet: scrambled letters. */
export function scrambled(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789_';
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}
