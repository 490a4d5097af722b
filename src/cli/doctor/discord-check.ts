import {
  type APIApplication,
  type APIUser,
  ApplicationFlags,
  DiscordAPIError,
  REST,
  type RESTGetAPIGatewayBotResult,
  Routes,
} from 'discord.js';
import type { Config } from '../../config/config.ts';
import { type CheckResult, failed, passed, reasonOf } from './check.ts';

const TITLE = 'Discord bot';
const TIMEOUT_MS = 10_000;
// "Limited" is the flag of a bot in fewer than 100 servers that switched the intent on itself.
// https://discord.com/developers/docs/resources/application#application-object-application-flags
const MESSAGE_CONTENT =
  ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited;
const PORTAL = 'discord.com/developers/applications';

/** How the bot runs: one process, or DISCORD_SHARDS (with the count Discord recommends now). */
async function shardsLine(config: Config, rest: REST): Promise<string> {
  const shards = config.discord.shards;
  if (shards === undefined) return 'one process (DISCORD_SHARDS unset)';
  const { shards: recommended } = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return `DISCORD_SHARDS=${shards} (Discord recommends ${recommended} shard${recommended === 1 ? '' : 's'} now)`;
}

/**
 * With DISCORD_TOKEN: the token is accepted (`GET /users/@me`), the application matches
 * DISCORD_APPLICATION_ID, and its Message Content intent is on (`GET /applications/@me` flags), which
 * the `!` text commands need. Without a token the bot is off, which is not a fault.
 */
export async function checkDiscord(config: Config): Promise<CheckResult> {
  const { token, applicationId, apiUrl } = config.discord;
  if (!token) return passed(TITLE, 'bot off (no DISCORD_TOKEN): the dashboard does everything');
  const where = apiUrl ? `the Discord API at ${apiUrl}` : 'Discord';
  const rest = new REST({ retries: 0, timeout: TIMEOUT_MS, ...(apiUrl && { api: apiUrl }) }).setToken(token);
  try {
    const user = (await rest.get(Routes.user())) as APIUser;
    const application = (await rest.get(Routes.currentApplication())) as APIApplication;
    const problems = [];
    if (applicationId && applicationId !== application.id) {
      problems.push({
        variable: 'DISCORD_APPLICATION_ID',
        advice: `set it to ${application.id}, the application of this token (or unset it)`,
      });
    }
    if (((application.flags ?? 0) & MESSAGE_CONTENT) === 0) {
      problems.push({
        variable: `the Developer Portal (${PORTAL})`,
        advice:
          'Bot → Privileged Gateway Intents: switch on MESSAGE CONTENT INTENT; without it the bot cannot log in with the intents it asks for and the ! commands go unread',
      });
    }
    const who = `logged in as ${user.username} (application ${application.id})`;
    if (problems.length > 0) {
      const intent = problems.some((fix) => fix.variable.startsWith('the Developer Portal'));
      return failed(
        TITLE,
        `${who}, but ${intent ? 'the Message Content intent is off' : 'the application id differs'}`,
        ...problems,
      );
    }
    return passed(TITLE, `${who}; Message Content intent on; ${await shardsLine(config, rest)}`);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      return failed(TITLE, `${where} refused DISCORD_TOKEN (401 Unauthorized)`, {
        variable: 'DISCORD_TOKEN',
        advice: `copy the bot token again from ${PORTAL} → your app → Bot → Reset Token`,
      });
    }
    return failed(TITLE, `${where} could not be reached (${reasonOf(error)})`, {
      variable: apiUrl ? 'DISCORD_API_URL' : 'network',
      advice: apiUrl
        ? 'point it at a running Discord API, or unset it for Discord'
        : 'this host must reach discord.com over https',
    });
  } finally {
    rest.clearHandlerSweeper();
    rest.clearHashSweeper();
  }
}
