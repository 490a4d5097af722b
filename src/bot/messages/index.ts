import type { Language } from '../api-types.ts';
import { en } from './en.ts';
import { type Messages, ptBR } from './pt-BR.ts';

export type { MessageKey, Messages } from './pt-BR.ts';

/** The catalogues by language; pt-BR is the default (SPEC §1). */
export const CATALOGUES: Readonly<Record<Language, Messages>> = { 'pt-BR': ptBR, en };

/** The catalogue of a server's language. */
export function messagesFor(language: Language | null | undefined): Messages {
  return CATALOGUES[language ?? 'pt-BR'] ?? ptBR;
}
