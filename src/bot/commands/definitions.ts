import {
  InteractionContextType,
  Locale,
  SlashCommandBuilder,
  type SlashCommandIntegerOption,
  type SlashCommandStringOption,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { en } from '../messages/en.ts';
import { type MessageKey, ptBR } from '../messages/pt-BR.ts';
import { MAX_KEYWORD_LENGTH } from '../parse/keyword.ts';

type SlashKey = Extract<MessageKey, `slash.${string}`>;

/** English names of the Portuguese command, subcommand and option names. */
const ENGLISH_NAMES: Record<string, string> = {
  sorteio: 'raffle',
  conectar: 'connect',
  iniciar: 'start',
  intervalo: 'interval',
  parar: 'stop',
  sortear: 'draw',
  vencedores: 'winners',
  status: 'status',
  verificar: 'verify',
  id: 'id',
  ajuda: 'help',
  idioma: 'language',
  itens: 'items',
  listar: 'list',
  adicionar: 'add',
  lista: 'list',
  remover: 'remove',
  nome: 'name',
  limpar: 'clear',
  abrir: 'open',
  palavra: 'keyword',
  fechar: 'close',
  vincular: 'link',
  desvincular: 'unlink',
  codigos: 'codes',
  item: 'item',
};

interface Localizable {
  setName(name: string): this;
  setDescription(description: string): this;
  setNameLocalizations(localizations: Partial<Record<Locale, string | null>>): this;
  setDescriptionLocalizations(localizations: Partial<Record<Locale, string | null>>): this;
}

/** Names in Portuguese (the default), with English names and descriptions from the catalogues. */
function localized<T extends Localizable>(builder: T, key: SlashKey): T {
  const name = key.split('.').at(-1) ?? key;
  const english = ENGLISH_NAMES[name] ?? name;
  return builder
    .setName(name)
    .setDescription(ptBR[key]())
    .setNameLocalizations({ [Locale.EnglishUS]: english, [Locale.EnglishGB]: english })
    .setDescriptionLocalizations({ [Locale.EnglishUS]: en[key](), [Locale.EnglishGB]: en[key]() });
}

const sub = (key: SlashKey) => (builder: SlashCommandSubcommandBuilder) => localized(builder, key);

/** `/sorteio …`: connect, sessions, draws, entries, status, proofs, help, language, account link. */
export const raffleCommandDefinition = localized(new SlashCommandBuilder(), 'slash.sorteio')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand(sub('slash.sorteio.conectar'))
  .addSubcommand((builder) =>
    sub('slash.sorteio.iniciar')(builder).addStringOption((option: SlashCommandStringOption) =>
      localized(option, 'slash.sorteio.iniciar.intervalo').setMaxLength(20),
    ),
  )
  .addSubcommand(sub('slash.sorteio.parar'))
  .addSubcommand((builder) =>
    sub('slash.sorteio.sortear')(builder).addIntegerOption((option: SlashCommandIntegerOption) =>
      localized(option, 'slash.sorteio.sortear.vencedores').setMinValue(1).setMaxValue(100),
    ),
  )
  .addSubcommand((builder) =>
    sub('slash.sorteio.abrir')(builder).addStringOption((option: SlashCommandStringOption) =>
      localized(option, 'slash.sorteio.abrir.palavra').setMaxLength(MAX_KEYWORD_LENGTH),
    ),
  )
  .addSubcommand(sub('slash.sorteio.fechar'))
  .addSubcommand(sub('slash.sorteio.status'))
  .addSubcommand((builder) =>
    sub('slash.sorteio.verificar')(builder).addIntegerOption((option: SlashCommandIntegerOption) =>
      localized(option, 'slash.sorteio.verificar.id').setMinValue(1).setRequired(true),
    ),
  )
  .addSubcommand(sub('slash.sorteio.ajuda'))
  .addSubcommand((builder) =>
    sub('slash.sorteio.idioma')(builder).addStringOption((option: SlashCommandStringOption) =>
      localized(option, 'slash.sorteio.idioma.idioma')
        .setRequired(true)
        .addChoices({ name: 'Português', value: 'pt' }, { name: 'English', value: 'en' }),
    ),
  )
  .addSubcommand(sub('slash.sorteio.vincular'))
  .addSubcommand(sub('slash.sorteio.desvincular'));

/** `/itens …`: list, add, remove, clear prizes, and paste a prize's secret codes (a form). */
export const itemsCommandDefinition = localized(new SlashCommandBuilder(), 'slash.itens')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand(sub('slash.itens.listar'))
  .addSubcommand((builder) =>
    sub('slash.itens.adicionar')(builder).addStringOption((option: SlashCommandStringOption) =>
      localized(option, 'slash.itens.adicionar.lista').setRequired(true).setMaxLength(4000),
    ),
  )
  .addSubcommand((builder) =>
    sub('slash.itens.remover')(builder).addStringOption((option: SlashCommandStringOption) =>
      localized(option, 'slash.itens.remover.nome').setRequired(true).setMaxLength(100),
    ),
  )
  .addSubcommand(sub('slash.itens.limpar'))
  .addSubcommand((builder) =>
    sub('slash.itens.codigos')(builder).addStringOption((option: SlashCommandStringOption) =>
      localized(option, 'slash.itens.codigos.item').setRequired(true).setMaxLength(100),
    ),
  );

/** The JSON bodies `deploy-commands` sends (a bulk overwrite). */
export function slashCommandBodies() {
  return [raffleCommandDefinition.toJSON(), itemsCommandDefinition.toJSON()];
}
