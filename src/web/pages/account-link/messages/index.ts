import type { Language } from '../../../server/language.ts';
import { accountLinkEn } from './en.ts';
import { type AccountLinkMessages, accountLinkPtBR } from './pt-BR.ts';

export type { AccountLinkClientText, AccountLinkMessages } from './pt-BR.ts';

/** The account-link page's texts, by language. */
export const accountLinkMessages: Readonly<Record<Language, AccountLinkMessages>> = {
  'pt-BR': accountLinkPtBR,
  en: accountLinkEn,
};
