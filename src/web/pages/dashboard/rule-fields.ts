import { ENTRY_MODES } from '../../../contract/raffles.ts';
import type { ChannelSettings } from '../../../contract/settings.ts';
import type { RuleKind } from './dashboard-page-data.ts';

/** One input of the rules form: the setting it edits and its bounds (the API checks them again). */
export interface RuleField {
  readonly name: keyof ChannelSettings;
  readonly kind: RuleKind;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** The values a `choice` field offers (its labels are in the catalogue's `choices`). */
  readonly choices?: readonly string[];
}

/**
 * The rules of SPEC §3, the session defaults, the claim window (SPEC §2.6) and entries by keyword with
 * their anti-alt rules (SPEC §2.7), grouped as the form shows them.
 */
export const RULE_GROUPS: readonly (readonly RuleField[])[] = [
  [
    { name: 'cooldownMinutes', kind: 'integer', min: 0, max: 10080 },
    { name: 'maxWinsPerSession', kind: 'optionalInteger', min: 1, max: 1000 },
    { name: 'activeChattersMinutes', kind: 'optionalInteger', min: 1, max: 1440 },
    { name: 'excludeModerators', kind: 'boolean' },
  ],
  [
    { name: 'subscriberTier1Multiplier', kind: 'decimal', min: 1, max: 10, step: 0.01 },
    { name: 'subscriberTier2Multiplier', kind: 'decimal', min: 1, max: 10, step: 0.01 },
    { name: 'subscriberTier3Multiplier', kind: 'decimal', min: 1, max: 10, step: 0.01 },
    { name: 'vipMultiplier', kind: 'decimal', min: 1, max: 10, step: 0.01 },
  ],
  [
    { name: 'sessionIntervalSeconds', kind: 'integer', min: 1, max: 86400 },
    { name: 'sessionChance', kind: 'decimal', min: 0.0001, max: 1, step: 0.0001 },
    { name: 'sessionMaxDraws', kind: 'optionalInteger', min: 1, max: 100000 },
    { name: 'stopWhenOffline', kind: 'boolean' },
  ],
  [
    { name: 'claimEnabled', kind: 'boolean' },
    { name: 'claimWord', kind: 'text' },
    { name: 'claimSeconds', kind: 'integer', min: 5, max: 3600 },
    { name: 'claimMaxRedraws', kind: 'integer', min: 0, max: 20 },
  ],
  [
    { name: 'entryMode', kind: 'choice', choices: ENTRY_MODES },
    { name: 'entryKeyword', kind: 'text' },
    { name: 'entryRequiresPresence', kind: 'boolean' },
    { name: 'minAccountAgeDays', kind: 'integer', min: 0, max: 3650 },
    { name: 'minFollowDays', kind: 'integer', min: 0, max: 3650 },
  ],
  [{ name: 'publicRandomness', kind: 'boolean' }],
];
