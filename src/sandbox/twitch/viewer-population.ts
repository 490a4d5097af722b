import { pick, type SeededRandom, seededRandom, unitHash } from './random.ts';

/** A Twitch account of the fake world (broadcaster, viewer or bot). */
export interface FakeAccount {
  readonly id: string;
  readonly login: string;
  readonly displayName: string;
  readonly createdAt: string;
  readonly broadcasterType: '' | 'affiliate' | 'partner';
  readonly description: string;
}

const FIRST_NAMES = (
  'joao maria lucas ana pedro gabriel juliana rafael beatriz thiago camila matheus larissa felipe ' +
  'leticia gustavo amanda bruno fernanda caio vitoria diego isabela rodrigo carol vini duda gui ' +
  'leo nanda rafa bia dani ju mari gabi pri paulinho zeca tiaguinho marcao fabinho luan kaua'
).split(' ');
const BRAZILIAN_WORDS = (
  'capivara pastel feijoada brigadeiro coxinha paodequeijo acai guarana saci curupira sabia tucano ' +
  'jabuti mandioca cafezinho pamonha farofa churrasco carioca paulista mineiro gaucho baiano praia ' +
  'samba forro recife tapioca'
).split(' ');
const GAMER_WORDS = (
  'sniper noob pro gamer player ninja dragon shadow ghost wolf tiger pixel glitch turbo storm ' +
  'blaze frost viper phantom reaper hunter legend clutch headshot lag respawn loot boss speedrun ' +
  'tryhard camper smurf'
).split(' ');
const ADJECTIVES = (
  'dark mad lil big old crazy chill sleepy lucky salty epic mega brabo zika monstro doido sinistro ' +
  'tranquilo pistola fofo'
).split(' ');
const TAGS = ['br', 'bra', 'tv', 'ttv', 'yt', 'sp', 'rj', 'mg', 'rs', 'pe', 'ba', 'gg', 'xd', 'zz'];

const DAY_MS = 86_400_000;
const OLDEST_ACCOUNT_MS = Date.UTC(2012, 0, 1);
const OLD_ACCOUNT_SPAN_DAYS = 12 * 365;
/** Accounts made in the 30 days before the world began: the fresh accounts anti-alt rules look for. */
const NEW_ACCOUNT_SHARE = 0.1;
const NEW_ACCOUNT_DAYS = 30;

/** A time as Helix writes it: ISO 8601 in UTC, whole seconds (`2016-12-14T20:32:28Z`). */
export function twitchTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * When an account was made, from two numbers in [0, 1): one in ten accounts (`newRoll` < 0.1) is at most
 * 30 days older than `now`, the others date from 2012-2023.
 */
export function accountCreatedAt(roll: number, newRoll: number, now: number): string {
  if (newRoll < NEW_ACCOUNT_SHARE)
    return twitchTimestamp(now - 3_600_000 - roll * (NEW_ACCOUNT_DAYS * DAY_MS - 3_600_000));
  return twitchTimestamp(OLDEST_ACCOUNT_MS + Math.floor(roll * OLD_ACCOUNT_SPAN_DAYS) * DAY_MS);
}

const number = (random: SeededRandom, digits: number) =>
  String(Math.floor(random() * 10 ** digits)).padStart(digits, '0');
const year = (random: SeededRandom) => String(1988 + Math.floor(random() * 22));
const capitalise = (part: string) => part.charAt(0).toUpperCase() + part.slice(1);

// The display name must equal the login but for letter case (a Twitch rule); when the login was cut or
// suffixed, only its first letter is capitalised.
function capitalisedParts(login: string, parts: string[]): string {
  const joined = parts.map(capitalise).join('');
  return joined.toLowerCase() === login ? joined : capitalise(login);
}

// Each pattern returns the login's parts; the display name capitalises some of them.
const PATTERNS: ReadonlyArray<(random: SeededRandom) => string[]> = [
  (r) => [pick(r, FIRST_NAMES), year(r)],
  (r) => [pick(r, FIRST_NAMES), '_', pick(r, GAMER_WORDS)],
  (r) => [pick(r, ADJECTIVES), pick(r, GAMER_WORDS), pick(r, TAGS)],
  (r) => [pick(r, BRAZILIAN_WORDS), '_', pick(r, TAGS)],
  (r) => ['xx', pick(r, GAMER_WORDS), 'xx'],
  (r) => [pick(r, GAMER_WORDS), pick(r, FIRST_NAMES), number(r, 2)],
  (r) => [pick(r, FIRST_NAMES), pick(r, BRAZILIAN_WORDS)],
  (r) => [pick(r, ADJECTIVES), '_', pick(r, BRAZILIAN_WORDS)],
  (r) => [pick(r, GAMER_WORDS), '_', number(r, 3)],
  (r) => ['o', pick(r, GAMER_WORDS), pick(r, TAGS)],
  (r) => [pick(r, FIRST_NAMES), pick(r, FIRST_NAMES), number(r, 1)],
];

// Viewer ids are a bijection of the index onto 9-digit numbers (7^10 is coprime with 9·10^8), so they are
// unique, deterministic and do not look sequential.
const ID_SPAN = 900_000_000n;
const ID_MULTIPLIER = 282_475_249n;

/**
 * An endless, deterministic crowd of viewer accounts: account n is always the same for a given seed, so
 * a test can ask for 100,000 chatters and get the same logins and ids every run.
 */
export class ViewerPopulation {
  readonly #accounts: FakeAccount[] = [];
  readonly #byId = new Map<string, FakeAccount>();
  readonly #byLogin = new Map<string, FakeAccount>();
  readonly #indexById = new Map<string, number>();
  readonly #random: SeededRandom;
  readonly #reserved: { ids: Set<string>; logins: Set<string> };
  #nextIdCandidate = 0;

  /**
   * `now` is when the world began: the recently made accounts count back from it, so they stay the
   * same for the whole run.
   */
  constructor(
    private readonly seed: string,
    reserved: { ids: Iterable<string>; logins: Iterable<string> },
    private readonly now: number,
  ) {
    this.#random = seededRandom(`viewers:${seed}`);
    this.#reserved = { ids: new Set(reserved.ids), logins: new Set(reserved.logins) };
  }

  /** How many viewers have been generated so far. */
  get size(): number {
    return this.#accounts.length;
  }

  /** The viewer with this index, generating every earlier one first (order is what makes it deterministic). */
  at(index: number): FakeAccount {
    while (this.#accounts.length <= index) this.#generate();
    return this.#accounts[index] as FakeAccount;
  }

  /** The index of a generated viewer, by user id. */
  indexOf(id: string): number | undefined {
    return this.#indexById.get(id);
  }

  /** A generated viewer by user id. */
  findById(id: string): FakeAccount | undefined {
    return this.#byId.get(id);
  }

  /** A generated viewer by login. */
  findByLogin(login: string): FakeAccount | undefined {
    return this.#byLogin.get(login);
  }

  #generate(): void {
    const random = this.#random;
    const parts = pick(random, PATTERNS)(random);
    const base = parts.join('').slice(0, 17);
    let login = base;
    // Taken logins get a numeric suffix that grows with the attempts, as people do on Twitch.
    let attempt = 0;
    while (login.length < 4 || this.#byLogin.has(login) || this.#reserved.logins.has(login)) {
      attempt++;
      login = `${base}${number(random, Math.min(8, 1 + Math.floor(attempt / 4)))}`;
    }
    const style = random();
    const displayName =
      style < 0.4 ? login : style < 0.7 ? capitalise(login) : capitalisedParts(login, parts);
    const id = this.#nextId();
    const account: FakeAccount = {
      id,
      login,
      displayName,
      // One draw of the sequence, as before new accounts existed: the logins after it stay the same.
      createdAt: accountCreatedAt(random(), unitHash(`new-account:${this.seed}:${id}`), this.now),
      broadcasterType: random() < 0.03 ? 'affiliate' : '',
      description: '',
    };
    this.#indexById.set(account.id, this.#accounts.length);
    this.#accounts.push(account);
    this.#byId.set(account.id, account);
    this.#byLogin.set(account.login, account);
  }

  #nextId(): string {
    for (;;) {
      const candidate = this.#nextIdCandidate++;
      const id = String(100_000_000n + ((BigInt(candidate) * ID_MULTIPLIER + 12_345n) % ID_SPAN));
      if (!this.#reserved.ids.has(id)) return id;
    }
  }
}
