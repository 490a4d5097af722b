import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { QUICKNET } from '../raffles/beacon-chain.ts';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';
import { isLoopbackHost, productionRefusals } from './production-rules.ts';

/** Thrown when the configuration is missing or malformed; names the variable at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const url = (variable: string) =>
  optionalString.refine((value) => value === undefined || URL.canParse(value), {
    message: `${variable} must be an absolute URL such as http://127.0.0.1:3000`,
  });

/** Why a DRAND_URLS entry is not a relay base URL, or undefined when it is one. */
function relayUrlProblem(entry: string): string | undefined {
  if (!URL.canParse(entry)) return `"${entry}" is not an absolute URL such as https://api.drand.sh`;
  const url = new URL(entry);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${entry}" is not http(s)`;
  // Relay URLs are logged with each problem: a password in one would end up in the logs.
  if (url.username || url.password) return `"${url.host}" carries a user name or password`;
  if (url.search || url.hash) return `"${entry}" has a query or a fragment: give the relay's base URL`;
  return undefined;
}

/** DRAND_URLS: comma-separated relay base URLs, each checked; unset or empty = undefined. */
const drandUrls = optionalString
  .transform((value) =>
    value
      ?.split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .superRefine((urls, context) => {
    if (urls?.length === 0)
      context.addIssue({ code: 'custom', message: 'lists no URL (comma-separated base URLs)' });
    for (const problem of (urls ?? []).map(relayUrlProblem)) {
      if (problem)
        context.addIssue({ code: 'custom', message: `${problem} (comma-separated drand relay base URLs)` });
    }
  });

const base64Key = optionalString.refine(
  (value) => value === undefined || Buffer.from(value, 'base64').length === 32,
  { message: 'must be 32 bytes encoded in base64 (try: openssl rand -base64 32)' },
);

/** Every variable of SPEC §6, as read from the environment and the .env files. */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: url('PUBLIC_URL'),
  DATABASE_URL: optionalString.refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  // Connections each API process opens to PostgreSQL at most (docs/production.md: with replicas, about
  // 2–4 per PostgreSQL core for all of them together).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  REDIS_URL: optionalString.refine((value) => value === undefined || /^rediss?:\/\//.test(value), {
    message: 'must be a redis:// or rediss:// URL',
  }),
  TWITCH_CLIENT_ID: optionalString,
  TWITCH_CLIENT_SECRET: optionalString,
  TWITCH_MOCK_URL: url('TWITCH_MOCK_URL')
    .refine(
      (value) => value === undefined || !URL.canParse(value) || isLoopbackHost(new URL(value).hostname),
      { message: 'must point at a loopback address (127.0.0.1, localhost or [::1]): it is a local stand-in' },
    )
    .refine(
      // twurple reaches a stand-in only as http://localhost:<port>/… (TWURPLE_MOCK_API_PORT), so the URL
      // can carry a port but no path.
      (value) => value === undefined || !URL.canParse(value) || ['', '/'].includes(new URL(value).pathname),
      { message: 'must be a base URL without a path, such as http://127.0.0.1:8080' },
    ),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: url('DISCORD_API_URL'),
  DISCORD_SHARDS: optionalString.refine(
    (value) => value === undefined || /^(auto|[1-9]\d{0,4})$/.test(value),
    {
      message: 'must be auto (the count Discord recommends) or a whole number of shards from 1',
    },
  ),
  API_URL: url('API_URL'),
  API_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  TOKEN_ENCRYPTION_KEY: base64Key,
  SESSION_SECRET: optionalString.refine((value) => value === undefined || value.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, {
    message: 'must be at least 16 characters (try: openssl rand -hex 24)',
  }),
  DRAND_URLS: drandUrls,
  DRAND_CHAIN_HASH: optionalString.refine((value) => value === undefined || /^[0-9a-f]{64}$/.test(value), {
    message: `must be a drand chain hash: 64 lowercase hex characters (quicknet's is ${QUICKNET.chainHash})`,
  }),
});

/** The validated, frozen configuration the rest of the program receives. */
export interface Config {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | undefined;
  /** Connections to PostgreSQL this process opens at most (DATABASE_POOL_SIZE). */
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly twitch: {
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly mockUrl: string | undefined;
  };
  readonly discord: {
    readonly token: string | undefined;
    readonly applicationId: string | undefined;
    readonly apiUrl: string | undefined;
    /** Bot shards under discord.js's ShardingManager; unset = one process, no manager. */
    readonly shards: 'auto' | number | undefined;
  };
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly tokenEncryptionKey: Buffer;
  readonly sessionSecret: string;
  readonly logLevel: string;
  /** Bearer token of GET /metrics; undefined = served to loopback clients only. */
  readonly metricsToken: string | undefined;
  /** The drand beacon of SPEC §4.1 (src/drand/beacon-setup.ts decides where rounds come from). */
  readonly drand: {
    /** DRAND_URLS, without trailing slashes; undefined when unset (public relays, or the sandbox's beacon). */
    readonly urls: readonly string[] | undefined;
    /** DRAND_CHAIN_HASH, lowercase hex; quicknet's by default. */
    readonly chainHash: string;
  };
}

/** Reads `.env` then `.env.<NODE_ENV>` from `cwd`; the real environment always wins. */
export function readEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Record<string, string | undefined> {
  const nodeEnv = environment.NODE_ENV ?? 'development';
  const fromFiles: Record<string, string> = {};
  for (const file of ['.env', `.env.${nodeEnv}`]) {
    const filePath = path.join(cwd, file);
    if (existsSync(filePath)) Object.assign(fromFiles, parseEnv(readFileSync(filePath, 'utf8')));
  }
  return { ...fromFiles, ...environment };
}

/**
 * Validates the environment into a frozen {@link Config}. Outside production the three secrets are
 * generated once into DATA_DIR and reused; production requires them and refuses weak settings
 * (production-rules.ts).
 */
export function loadConfig(environment: Record<string, string | undefined> = readEnvironment()): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  if (env.TWITCH_CLIENT_ID && !env.TWITCH_CLIENT_SECRET) {
    throw new ConfigError(
      'invalid configuration:\n  TWITCH_CLIENT_SECRET: required when TWITCH_CLIENT_ID is set',
    );
  }
  if (env.NODE_ENV === 'production') {
    const refusals = productionRefusals(env);
    if (refusals.length > 0) throw new ConfigError(`invalid configuration:\n  ${refusals.join('\n  ')}`);
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const secrets = resolveSecrets(env, dataDir);
  return Object.freeze({
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    publicUrl: stripTrailingSlash(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir,
    redisUrl: env.REDIS_URL,
    twitch: Object.freeze({
      clientId: env.TWITCH_CLIENT_ID,
      clientSecret: env.TWITCH_CLIENT_SECRET,
      mockUrl: env.TWITCH_MOCK_URL && stripTrailingSlash(env.TWITCH_MOCK_URL),
    }),
    discord: Object.freeze({
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      apiUrl: env.DISCORD_API_URL,
      shards:
        env.DISCORD_SHARDS === undefined || env.DISCORD_SHARDS === 'auto'
          ? env.DISCORD_SHARDS
          : Number(env.DISCORD_SHARDS),
    }),
    apiUrl: stripTrailingSlash(env.API_URL ?? `http://127.0.0.1:${env.PORT}`),
    apiToken: secrets.apiToken,
    tokenEncryptionKey: Buffer.from(secrets.tokenEncryptionKey, 'base64'),
    sessionSecret: secrets.sessionSecret,
    logLevel: env.LOG_LEVEL,
    metricsToken: env.METRICS_TOKEN,
    drand: Object.freeze({
      urls: env.DRAND_URLS && Object.freeze(env.DRAND_URLS.map(stripTrailingSlash)),
      chainHash: env.DRAND_CHAIN_HASH ?? QUICKNET.chainHash,
    }),
  });
}

function resolveSecrets(env: z.infer<typeof environmentSchema>, dataDir: string) {
  const given = {
    apiToken: env.API_TOKEN,
    tokenEncryptionKey: env.TOKEN_ENCRYPTION_KEY,
    sessionSecret: env.SESSION_SECRET,
  };
  if (given.apiToken && given.tokenEncryptionKey && given.sessionSecret) {
    return {
      apiToken: given.apiToken,
      tokenEncryptionKey: given.tokenEncryptionKey,
      sessionSecret: given.sessionSecret,
    };
  }
  const generated = loadOrCreateDevSecrets(dataDir);
  return {
    apiToken: given.apiToken ?? generated.apiToken,
    tokenEncryptionKey: given.tokenEncryptionKey ?? generated.tokenEncryptionKey,
    sessionSecret: given.sessionSecret ?? generated.sessionSecret,
  };
}

function stripTrailingSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
