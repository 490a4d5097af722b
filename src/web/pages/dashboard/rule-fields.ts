import type { RuleKind } from './dashboard-page-data.ts';

/** One input of the rules form: the setting it edits and its bounds (the API checks them again). */
export interface RuleField {
  readonly name: string;
  readonly kind: RuleKind;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
}

/**
 * The rules of SPEC §3 and the session defaults, grouped as the form shows them. The claim window's
 * settings are not shown until the claim window works: a switch that does nothing is worse than none.
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
];
