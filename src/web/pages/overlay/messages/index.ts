import type { Language } from '../../../server/language.ts';
import { overlayEn } from './en.ts';
import { type OverlayMessages, overlayPtBR } from './pt-BR.ts';

export type { OverlayMessages } from './pt-BR.ts';

/** The overlay's texts, by language. */
export const overlayMessages: Readonly<Record<Language, OverlayMessages>> = {
  'pt-BR': overlayPtBR,
  en: overlayEn,
};
