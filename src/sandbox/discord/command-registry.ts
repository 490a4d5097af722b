// Application commands as Discord stores them: PUT is a bulk overwrite, a command keeps its id when
// its name and type survive the overwrite. https://discord.com/developers/docs/interactions/application-commands
import { DiscordHttpError } from './http-io.ts';
import type { DiscordJson } from './payloads.external.ts';
import { nextSnowflake } from './snowflake.ts';

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CHAT_INPUT = 1;
const GLOBAL = 'global';

/** The registered commands, per scope (global, or one guild). */
export class CommandRegistry {
  readonly #scopes = new Map<string, DiscordJson[]>();

  constructor(private readonly applicationId: string) {}

  /** The commands of a scope, as GET returns them. */
  list(guildId?: string): DiscordJson[] {
    return this.#scopes.get(guildId ?? GLOBAL) ?? [];
  }

  /** Replaces a scope's commands (PUT); throws Discord's 400 for an invalid one. */
  overwrite(guildId: string | undefined, body: DiscordJson): DiscordJson[] {
    if (!Array.isArray(body)) throw new DiscordHttpError(400, 50035, 'Invalid Form Body');
    if (body.length > 100)
      throw new DiscordHttpError(400, 30032, 'Maximum number of application commands reached (100)');
    const previous = this.list(guildId);
    const stored = body.map((command: DiscordJson, index: number) => {
      checkCommand(command, index);
      const type = command.type ?? CHAT_INPUT;
      const kept = previous.find((old) => old.name === command.name && old.type === type);
      return this.#stored(command, guildId, kept?.id);
    });
    this.#scopes.set(guildId ?? GLOBAL, stored);
    return stored;
  }

  /** Creates or replaces one command by name (POST). */
  upsert(guildId: string | undefined, command: DiscordJson): DiscordJson {
    checkCommand(command, 0);
    const type = command.type ?? CHAT_INPUT;
    const others = this.list(guildId).filter((old) => !(old.name === command.name && old.type === type));
    const kept = this.list(guildId).find((old) => old.name === command.name && old.type === type);
    const stored = this.#stored(command, guildId, kept?.id);
    this.#scopes.set(guildId ?? GLOBAL, [...others, stored]);
    return stored;
  }

  /** Deletes one command; false when it did not exist. */
  delete(guildId: string | undefined, commandId: string): boolean {
    const commands = this.list(guildId);
    const remaining = commands.filter((command) => command.id !== commandId);
    this.#scopes.set(guildId ?? GLOBAL, remaining);
    return remaining.length !== commands.length;
  }

  /** The command a user would run by this name in this guild (guild commands shadow global ones). */
  find(guildId: string, name: string): DiscordJson | undefined {
    const byName = (command: DiscordJson) =>
      command.name === name && (command.type ?? CHAT_INPUT) === CHAT_INPUT;
    return this.list(guildId).find(byName) ?? this.list().find(byName);
  }

  #stored(command: DiscordJson, guildId: string | undefined, id = nextSnowflake()): DiscordJson {
    return {
      name_localizations: null,
      description_localizations: null,
      default_member_permissions: null,
      nsfw: false,
      ...command,
      id,
      application_id: this.applicationId,
      type: command.type ?? CHAT_INPUT,
      description: command.description ?? '',
      version: nextSnowflake(),
      ...(guildId && { guild_id: guildId }),
    };
  }
}

function checkCommand(command: DiscordJson, index: number): void {
  const name = command?.name;
  const chatInput = (command?.type ?? CHAT_INPUT) === CHAT_INPUT;
  const badName =
    typeof name !== 'string' || !COMMAND_NAME.test(name) || (chatInput && name !== name.toLowerCase());
  const description = command?.description;
  const badDescription =
    chatInput && (typeof description !== 'string' || description.length < 1 || description.length > 100);
  if (badName || badDescription) {
    const field = badName ? 'name' : 'description';
    throw new DiscordHttpError(400, 50035, 'Invalid Form Body', {
      [index]: {
        [field]: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID', message: `Invalid ${field}` }] },
      },
    });
  }
}
