import { type Config, ConfigError, loadConfig } from '../../config/config.ts';
import { type CheckResult, failed, passed } from './check.ts';
import { checkDatabase } from './database-check.ts';
import { checkDiscord } from './discord-check.ts';
import { checkDrand } from './drand-check.ts';
import { checkPublicUrl } from './public-url-check.ts';
import { checkRedis } from './redis-check.ts';
import { checkTwitch } from './twitch-check.ts';

/** Where the doctor writes its report, one line at a time. */
export interface DoctorIo {
  readonly out: (line: string) => void;
}

/**
 * `kinoyu doctor` (SPEC §5): loads the configuration as the app does, then checks the database and
 * its migrations, Redis, the Twitch app, the Discord bot, the drand relays (§4.1) and PUBLIC_URL,
 * printing ✓ or ✗ for each and, for each problem, what to fix, naming the variable. Secrets are never
 * printed. Returns the exit code: 0 when nothing needs fixing, 1 otherwise.
 */
export async function runDoctor(
  environment: Record<string, string | undefined>,
  io: DoctorIo,
): Promise<number> {
  const publicUrl = checkPublicUrl(environment.PUBLIC_URL, environment.NODE_ENV, environment.PORT);
  let config: Config;
  try {
    config = loadConfig(environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const results = [configurationFailed(error), publicUrl];
    for (const result of results) print(result, io);
    io.out('· database, Redis, Twitch, Discord and drand are checked once the configuration is valid');
    return summary(results, io);
  }
  const results = [passed('configuration', `valid (NODE_ENV=${config.nodeEnv})`), publicUrl];
  for (const result of results) print(result, io);
  // One after the other, so the report reads in a fixed order.
  for (const check of [checkDatabase, checkRedis, checkTwitch, checkDiscord, checkDrand]) {
    const result = await check(config);
    print(result, io);
    results.push(result);
  }
  return summary(results, io);
}

function configurationFailed(error: ConfigError): CheckResult {
  // "invalid configuration:\n  VARIABLE: why" — each line names its variable already.
  const lines = error.message
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
  return failed(
    'configuration',
    'invalid: KinoYu would refuse to start',
    ...lines.map((line) => {
      const colon = line.indexOf(':');
      return colon > 0
        ? { variable: line.slice(0, colon), advice: line.slice(colon + 1).trim() }
        : { variable: 'configuration', advice: line };
    }),
  );
}

function print(result: CheckResult, io: DoctorIo): void {
  io.out(`${result.ok ? '✓' : '✗'} ${result.title}: ${result.detail}`);
  for (const note of result.notes ?? []) io.out(`    ${note}`);
  for (const fix of result.fixes ?? []) io.out(`    fix ${fix.variable}: ${fix.advice}`);
}

function summary(results: readonly CheckResult[], io: DoctorIo): number {
  const problems = results.filter((result) => !result.ok).length;
  io.out(problems === 0 ? 'all good' : `${problems} problem${problems === 1 ? '' : 's'} to fix`);
  return problems === 0 ? 0 : 1;
}
