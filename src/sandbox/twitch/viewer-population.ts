import { pick, type SeededRandom, seededRandom } from './random.ts';

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
  readonly #random: SeededRandom;
  readonly #reserved: { ids: Set<string>; logins: Set<string> };
  #nextIdCandidate = 0;

  constructor(seed: string, reserved: { ids: Iterable<string>; logins: Iterable<string> }) {
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
    const account: FakeAccount = {
      id: this.#nextId(),
      login,
      displayName,
      createdAt: new Date(Date.UTC(2012, 0, 1) + Math.floor(random() * 12 * 365) * 86_400_000).toISOString(),
      broadcasterType: random() < 0.03 ? 'affiliate' : '',
      description: '',
    };
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
