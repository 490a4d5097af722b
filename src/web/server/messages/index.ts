import type { Language } from '../language.ts';
import { siteEn } from './en.ts';
import { type SiteMessages, sitePtBR } from './pt-BR.ts';

export type { SiteMessages } from './pt-BR.ts';

/** The texts every page shares (site name, language switch, not found), by language. */
export const siteMessages: Readonly<Record<Language, SiteMessages>> = { 'pt-BR': sitePtBR, en: siteEn };
