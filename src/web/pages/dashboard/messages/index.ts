import type { Language } from '../../../server/language.ts';
import { dashboardEn } from './en.ts';
import { type DashboardMessages, dashboardPtBR } from './pt-BR.ts';

export type { DashboardClientText, DashboardMessages } from './pt-BR.ts';

/** The dashboard's texts (welcome page included), by language. */
export const dashboardMessages: Readonly<Record<Language, DashboardMessages>> = {
  'pt-BR': dashboardPtBR,
  en: dashboardEn,
};
