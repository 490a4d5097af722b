import type { Language } from '../../server/language.ts';
import type { DashboardClientText } from './messages/pt-BR.ts';

/** What the dashboard page hands its script (as JSON in the page). */
export interface DashboardPageData {
  /** The channel this login opens; every API call goes under /api/v1/channels/{login}. */
  readonly login: string;
  /** Sent as X-CSRF-Token with every change. */
  readonly csrfToken: string;
  readonly language: Language;
  readonly text: DashboardClientText;
  /** The Twitch connection states in words. */
  readonly connectionStates: Record<string, string>;
}

/** How a rule field is read from the form and sent in PATCH …/settings. */
export type RuleKind = 'integer' | 'optionalInteger' | 'decimal' | 'boolean' | 'text' | 'choice';
