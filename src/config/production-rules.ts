/**
 * What production refuses (SPEC §9): the Twitch sandbox, a public http:// address (the dashboard
 * cookie is marked Secure only over https), and secrets a person typed instead of generating.
 * Development and test runs are not checked: they run the sandbox on localhost with generated secrets.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The variables these rules read, already validated in shape by the configuration schema. */
export interface ProductionSettings {
  readonly PUBLIC_URL?: string | undefined;
  readonly TWITCH_CLIENT_ID?: string | undefined;
  readonly TWITCH_MOCK_URL?: string | undefined;
  readonly API_TOKEN?: string | undefined;
  readonly TOKEN_ENCRYPTION_KEY?: string | undefined;
  readonly SESSION_SECRET?: string | undefined;
}

const SECRETS = ['API_TOKEN', 'TOKEN_ENCRYPTION_KEY', 'SESSION_SECRET'] as const;
const MINIMUM_SECRET_LENGTH = 32;
// A generated secret of 32 characters or bytes has 14 (hex) to 30 (bytes) distinct ones.
const MINIMUM_DISTINCT = 8;

/** Whether `value` is loopback, i.e. an address only this machine reaches. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/** Every reason production refuses these settings, one `VARIABLE: why` line each (empty: none). */
export function productionRefusals(settings: ProductionSettings): string[] {
  const refusals: string[] = [];
  for (const name of SECRETS) {
    if (settings[name] === undefined) refusals.push(`${name}: required in production`);
  }
  if (!settings.TWITCH_CLIENT_ID) {
    refusals.push('TWITCH_CLIENT_ID: required in production (without it KinoYu runs the Twitch sandbox)');
  }
  if (settings.TWITCH_MOCK_URL) {
    refusals.push(
      'TWITCH_MOCK_URL: not allowed in production (it sends all Twitch traffic to a local stand-in)',
    );
  }
  if (settings.PUBLIC_URL && isPublicHttp(settings.PUBLIC_URL)) {
    refusals.push(
      'PUBLIC_URL: must be https:// in production (http:// only for localhost): over http the login cookie is sent without Secure',
    );
  }
  for (const name of ['API_TOKEN', 'SESSION_SECRET'] as const) {
    const value = settings[name];
    if (value === undefined) continue;
    if (value.length < MINIMUM_SECRET_LENGTH) {
      refusals.push(
        `${name}: too short for production: use at least ${MINIMUM_SECRET_LENGTH} random characters (try: openssl rand -base64 32)`,
      );
    } else if (isRepetitive([...value])) {
      refusals.push(
        `${name}: too weak for production: it repeats a few characters; use a random one (try: openssl rand -base64 32)`,
      );
    }
  }
  const key = settings.TOKEN_ENCRYPTION_KEY;
  if (key !== undefined && isRepetitive([...Buffer.from(key, 'base64')])) {
    refusals.push(
      'TOKEN_ENCRYPTION_KEY: too weak for production: its bytes repeat (an all-zero key?); use a random one (try: openssl rand -base64 32)',
    );
  }
  return refusals;
}

function isPublicHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
}

/** Few distinct units (`aaaa…`, an all-zero key), or one short pattern over and over (`abcabc…`). */
function isRepetitive<T>(units: readonly T[]): boolean {
  if (new Set(units).size < MINIMUM_DISTINCT) return true;
  for (let period = 1; period <= units.length / 2; period += 1) {
    if (units.length % period === 0 && units.every((unit, index) => unit === units[index % period]))
      return true;
  }
  return false;
}
