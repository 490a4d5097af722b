import type { Language } from '../language.ts';
import { en } from './en.ts';
import { type Messages, ptBR } from './pt-BR.ts';

export type { Messages } from './pt-BR.ts';

const CATALOGUES: Record<Language, Messages> = { 'pt-BR': ptBR, en };

/** The texts of the web pages in one language. */
export function messagesFor(language: Language): Messages {
  return CATALOGUES[language];
}
