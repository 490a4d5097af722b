import type { Language } from '../../../server/language.ts';
import { connectEn } from './en.ts';
import { type ConnectMessages, connectPtBR } from './pt-BR.ts';

/** The connect pages' texts, by language. */
export const connectMessages: Readonly<Record<Language, ConnectMessages>> = {
  'pt-BR': connectPtBR,
  en: connectEn,
};
