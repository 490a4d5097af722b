import { EmbedBuilder } from 'discord.js';
import type { RaffleView } from '../api-types.ts';
import type { CommandReply } from '../commands/command.ts';
import type { Messages } from '../messages/index.ts';
import { DISCORD_LIMITS } from './discord-limits.ts';
import { neutralize, shortCommitment, truncate } from './escape.ts';
import { clockTime, relativeTime } from './time.ts';

/** drand's public "quicknet" chain (https://docs.drand.love/docs/dev-guide/3-4-dev-guide-http-api/). */
export const QUICKNET_CHAIN_HASH = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';

/** The drand round a draw depends on (SPEC §4.1), as the raffle view and `raffle.snapshot` carry it. */
export interface BeaconRound {
  readonly chainHash: string;
  readonly round: number;
  readonly roundAt: string;
}

const WAITING_COLOR = 0xf5a623;
const VOIDED_COLOR = 0x99aab5;

/**
 * The round as shown in Discord: on quicknet a link to the round on drand's own relay, where anyone
 * can read its randomness; on any other chain (the sandbox's local beacon) just its number, as
 * api.drand.sh does not serve it.
 */
export function drandRound(beacon: Pick<BeaconRound, 'chainHash' | 'round'>): string {
  const round = String(beacon.round);
  return beacon.chainHash === QUICKNET_CHAIN_HASH
    ? `[${round}](https://api.drand.sh/${QUICKNET_CHAIN_HASH}/public/${round})`
    : round;
}

/**
 * A one-off draw whose entrant list is frozen and which waits for its drand round: the eligible
 * count, the list's digest (shortened, to compare with the proof page), the round and when it comes
 * (a clock time and a live countdown, which still read well once it is past), and the proof page;
 * `late` when the API stopped waiting (202) and says what happens next. No buttons: there are no
 * winners yet. The result edits this message.
 */
export function waitingAnnouncement(
  raffle: RaffleView,
  beacon: BeaconRound,
  entrantsDigest: string | null,
  messages: Messages,
  options: { readonly late?: boolean } = {},
): CommandReply {
  const channel = neutralize(raffle.channel);
  const waiting = messages['draw.waiting']({
    count: String(raffle.eligibleCount ?? '—'),
    digest: entrantsDigest ? shortCommitment(entrantsDigest) : '—',
    round: drandRound(beacon),
    at: clockTime(beacon.roundAt),
    when: relativeTime(beacon.roundAt),
  });
  const embed = new EmbedBuilder()
    .setColor(WAITING_COLOR)
    .setTitle(truncate(messages['draw.waitingTitle']({ channel }), DISCORD_LIMITS.embedTitle))
    .setURL(raffle.proofPageUrl)
    .setDescription(options.late ? `${waiting}\n\n${messages['draw.waitingLate']()}` : waiting)
    .addFields(
      { name: messages['draw.field.raffle'](), value: `#${raffle.raffleId}`, inline: true },
      {
        name: messages['draw.field.commitment'](),
        value: `\`${shortCommitment(raffle.commitment)}\``,
        inline: true,
      },
      { name: messages['draw.field.beacon'](), value: drandRound(beacon), inline: true },
      proofField(raffle, messages),
    );
  return { embeds: [embed], shows: { raffleId: raffle.raffleId, rerolledPosition: null } };
}

/** A raffle that ended without a draw (its round never came): nobody won, the seed stays secret. */
export function voidedAnnouncement(raffle: RaffleView, reason: string, messages: Messages): CommandReply {
  const channel = neutralize(raffle.channel);
  const description =
    reason === 'beacon_unavailable'
      ? messages['draw.voided.beacon_unavailable']({
          round: raffle.beacon ? drandRound(raffle.beacon) : '—',
        })
      : messages['draw.voided.other']({ reason: neutralize(reason) });
  const embed = new EmbedBuilder()
    .setColor(VOIDED_COLOR)
    .setTitle(truncate(messages['draw.voidedTitle']({ channel }), DISCORD_LIMITS.embedTitle))
    .setURL(raffle.proofPageUrl)
    .setDescription(description)
    .addFields(
      { name: messages['draw.field.raffle'](), value: `#${raffle.raffleId}`, inline: true },
      {
        name: messages['draw.field.commitment'](),
        value: `\`${shortCommitment(raffle.commitment)}\``,
        inline: true,
      },
      proofField(raffle, messages),
    );
  return { embeds: [embed], shows: { raffleId: raffle.raffleId, rerolledPosition: null } };
}

function proofField(raffle: RaffleView, messages: Messages) {
  return {
    name: messages['draw.field.proof'](),
    value: `[${messages['draw.proofLink']()}](${raffle.proofPageUrl})`,
  };
}
