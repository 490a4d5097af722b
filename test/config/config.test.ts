import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readEnvironment } from '../../src/config/config.ts';

describe('configuration', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kinoyu-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('applies the defaults of SPEC §6', () => {
    const config = loadConfig({ DATA_DIR: path.join(dir, 'defaults') });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.apiUrl).toBe('http://127.0.0.1:3000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.tokenEncryptionKey).toHaveLength(32);
    expect(config.metricsToken).toBeUndefined();
    expect(config.databasePoolSize).toBe(10);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL/],
    ['TOKEN_ENCRYPTION_KEY', 'c2hvcnQ=', /TOKEN_ENCRYPTION_KEY: must be 32 bytes/],
    ['TWITCH_MOCK_URL', 'http://10.0.0.5:8080', /TWITCH_MOCK_URL: must point at a loopback/],
    ['TWITCH_MOCK_URL', 'not a url', /TWITCH_MOCK_URL/],
    ['TWITCH_MOCK_URL', 'http://127.0.0.1:8080/twitch', /TWITCH_MOCK_URL: must be a base URL without a path/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['REDIS_URL', 'http://127.0.0.1:6379', /REDIS_URL/],
    ['METRICS_TOKEN', 'short', /METRICS_TOKEN: must be at least 16 characters/],
    ['DISCORD_SHARDS', '0', /DISCORD_SHARDS: must be auto/],
    ['DISCORD_SHARDS', 'two', /DISCORD_SHARDS: must be auto/],
    ['DATABASE_POOL_SIZE', '0', /DATABASE_POOL_SIZE/],
    ['DATABASE_POOL_SIZE', 'three', /DATABASE_POOL_SIZE/],
    ['DATABASE_POOL_SIZE', '2.5', /DATABASE_POOL_SIZE/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ DATA_DIR: path.join(dir, 'bad'), [name]: value })).toThrow(message);
  });

  it('requires the three secrets in production, naming each missing one', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', DATA_DIR: path.join(dir, 'prod') });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /API_TOKEN: required in production[\s\S]*TOKEN_ENCRYPTION_KEY[\s\S]*SESSION_SECRET/,
    );
  });

  describe('in production', () => {
    const strong = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://kinoyu.example.com',
      TWITCH_CLIENT_ID: 'client-id',
      TWITCH_CLIENT_SECRET: 'client-secret',
      API_TOKEN: 'Qm9vZ2llLXdvb2dpZS1zZXJ2aWNlLXRva2Vu',
      TOKEN_ENCRYPTION_KEY: Buffer.from(Array.from({ length: 32 }, (_, index) => index * 7 + 1)).toString(
        'base64',
      ),
      SESSION_SECRET: 'k7Jq2Vn9xR4tW8bZ1mC6pL3sD5fG0hY-',
    };
    const production = (overrides: Record<string, string | undefined>) => () =>
      loadConfig({ ...strong, DATA_DIR: path.join(dir, 'prod-rules'), ...overrides });

    it('accepts strong settings', () => {
      expect(production({})().publicUrl).toBe('https://kinoyu.example.com');
    });

    it.each([
      [
        'the sandbox (no TWITCH_CLIENT_ID)',
        { TWITCH_CLIENT_ID: undefined, TWITCH_CLIENT_SECRET: undefined },
        /TWITCH_CLIENT_ID: required in production \(without it KinoYu runs the Twitch sandbox\)/,
      ],
      [
        'a Twitch stand-in',
        { TWITCH_MOCK_URL: 'http://127.0.0.1:8080' },
        /TWITCH_MOCK_URL: not allowed in production/,
      ],
      [
        'an http:// PUBLIC_URL on a public host',
        { PUBLIC_URL: 'http://kinoyu.example.com' },
        /PUBLIC_URL: must be https:\/\/ in production/,
      ],
      [
        'an http:// PUBLIC_URL on a public address',
        { PUBLIC_URL: 'http://203.0.113.7:3000' },
        /PUBLIC_URL: must be https:\/\//,
      ],
      ['an API_TOKEN of sixteen a', { API_TOKEN: 'a'.repeat(16) }, /API_TOKEN: too short for production/],
      [
        'a long API_TOKEN of one character',
        { API_TOKEN: 'a'.repeat(48) },
        /API_TOKEN: too weak for production/,
      ],
      [
        'an API_TOKEN that repeats a pattern',
        { API_TOKEN: 'abcdef0123456789'.repeat(3) },
        /API_TOKEN: too weak for production/,
      ],
      [
        'an all-zero TOKEN_ENCRYPTION_KEY',
        { TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') },
        /TOKEN_ENCRYPTION_KEY: too weak for production/,
      ],
      [
        'a TOKEN_ENCRYPTION_KEY of one repeated byte',
        { TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') },
        /TOKEN_ENCRYPTION_KEY: too weak for production/,
      ],
      [
        'a SESSION_SECRET of one character',
        { SESSION_SECRET: 'x'.repeat(40) },
        /SESSION_SECRET: too weak for production/,
      ],
    ])('refuses %s, naming the variable', (_, overrides, message) => {
      expect(production(overrides)).toThrow(ConfigError);
      expect(production(overrides)).toThrow(message);
    });

    it('allows http:// for localhost, 127.0.0.1 and [::1]', () => {
      for (const url of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
        expect(production({ PUBLIC_URL: url })().publicUrl).toBe(url);
      }
    });

    it('names every refusal at once', () => {
      expect(production({ API_TOKEN: 'a'.repeat(16), PUBLIC_URL: 'http://kinoyu.example.com' })).toThrow(
        /PUBLIC_URL[\s\S]*API_TOKEN/,
      );
    });
  });

  it('keeps accepting weak development settings outside production', () => {
    const config = loadConfig({
      DATA_DIR: path.join(dir, 'dev-weak'),
      PUBLIC_URL: 'http://kinoyu.example.com',
      API_TOKEN: 'a'.repeat(16),
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
    });
    expect(config.apiToken).toBe('a'.repeat(16));
  });

  it('generates the development secrets once into DATA_DIR and reuses them', async () => {
    const dataDir = path.join(dir, 'generated');
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.apiToken).toBe(first.apiToken);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.tokenEncryptionKey.equals(first.tokenEncryptionKey)).toBe(true);
    const file = path.join(dataDir, 'secrets.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, 'utf8')).apiToken).toBe(first.apiToken);
  });

  it('reads METRICS_TOKEN, the bearer token of /metrics', () => {
    const config = loadConfig({ DATA_DIR: path.join(dir, 'metrics'), METRICS_TOKEN: 'm'.repeat(24) });
    expect(config.metricsToken).toBe('m'.repeat(24));
  });

  it('reads DATABASE_POOL_SIZE, the most connections a process opens to PostgreSQL', () => {
    const config = loadConfig({ DATA_DIR: path.join(dir, 'pool'), DATABASE_POOL_SIZE: '3' });
    expect(config.databasePoolSize).toBe(3);
  });

  it('reads DISCORD_SHARDS as auto or a number of shards, unset by default', () => {
    const shards = (value?: string) =>
      loadConfig({ DATA_DIR: path.join(dir, 'shards'), ...(value && { DISCORD_SHARDS: value }) }).discord
        .shards;
    expect(shards()).toBeUndefined();
    expect(shards('auto')).toBe('auto');
    expect(shards('4')).toBe(4);
  });

  it('refuses a Twitch client id without its secret', () => {
    expect(() => loadConfig({ DATA_DIR: path.join(dir, 'tw'), TWITCH_CLIENT_ID: 'abc' })).toThrow(
      /TWITCH_CLIENT_SECRET/,
    );
  });

  it('reads .env then .env.<NODE_ENV>, and the real environment wins over both', async () => {
    const cwd = await mkdtemp(path.join(dir, 'envfiles-'));
    await writeFile(path.join(cwd, '.env'), 'PORT=4000\nHOST=0.0.0.0\nLOG_LEVEL=debug\n');
    await writeFile(path.join(cwd, '.env.test'), 'PORT=5000\n');
    const environment = readEnvironment({ NODE_ENV: 'test', LOG_LEVEL: 'warn' }, cwd);
    expect(environment).toMatchObject({ PORT: '5000', HOST: '0.0.0.0', LOG_LEVEL: 'warn' });
  });
});
