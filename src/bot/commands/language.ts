import type { Language } from '../api-types.ts';
import { CommandError } from '../command-error.ts';
import { messagesFor } from '../messages/index.ts';
import { serverManager } from '../preconditions.ts';
import { defineCommand } from './command.ts';

const LANGUAGES: Record<string, Language> = {
  pt: 'pt-BR',
  'pt-br': 'pt-BR',
  portugues: 'pt-BR',
  português: 'pt-BR',
  en: 'en',
  'en-us': 'en',
  english: 'en',
  ingles: 'en',
  inglês: 'en',
};

/** `!idioma pt|en` / `/sorteio idioma idioma:…`: the language of the bot's replies on this server. */
export const languageCommand = defineCommand<Language>({
  id: 'language',
  text: [['idioma'], ['language']],
  slash: { command: 'sorteio', subcommand: 'idioma' },
  preconditions: [serverManager],
  parseText: parseLanguage,
  parseSlash: (options) => parseLanguage(options.getString('idioma') ?? ''),
  async run(context, language) {
    const link = await context.api.updateDiscordLink(context.guildId, { language });
    context.links.remember(context.guildId, link);
    return { content: messagesFor(language)['language.set']() };
  },
});

function parseLanguage(text: string): Language {
  const language = LANGUAGES[text.trim().toLowerCase()];
  if (!language) throw new CommandError('error.invalid_language');
  return language;
}
