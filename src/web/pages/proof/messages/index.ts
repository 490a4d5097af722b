import type { Language } from '../../../server/language.ts';
import { proofEn } from './en.ts';
import { type ProofMessages, proofPtBR } from './pt-BR.ts';

export type { ProofClientText, ProofMessages } from './pt-BR.ts';

/** The proof page's texts, by language. */
export const proofMessages: Readonly<Record<Language, ProofMessages>> = { 'pt-BR': proofPtBR, en: proofEn };
