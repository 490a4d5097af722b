import type { Language } from '../../../server/language.ts';
import { claimEn } from './en.ts';
import { type ClaimMessages, claimPtBR } from './pt-BR.ts';

export type { ClaimClientText, ClaimMessages } from './pt-BR.ts';

/** The claim page's texts, by language. */
export const claimMessages: Readonly<Record<Language, ClaimMessages>> = { 'pt-BR': claimPtBR, en: claimEn };
