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

  it('generates the development secrets once into DATA_DIR and reuses them', async () => {
    const dataDir = path.join(dir, 'generated');
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.apiToken).toBe(first.apiToken);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.tokenEncryptionKey.equals(first.tokenEncryptionKey)).toBe(true);
    const file = path.join(dataDir, 'secrets.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8')).apiToken).toBe(first.apiToken);
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
