import { PermissionFlagsBits } from 'discord.js';

/** Every permission bit Discord defines: what an owner or an administrator has. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What @everyone gets in a new server (no moderation bits, so `ManageGuild` needs a role). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname;

/** What the bot's own managed role grants when it is invited. */
export const BOT_ROLE_PERMISSIONS =
  DEFAULT_EVERYONE_PERMISSIONS | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.UseExternalEmojis;

/** A permission bit set given as bigint or as Discord's decimal string. */
export function toPermissionBits(permissions: bigint | string): bigint {
  return typeof permissions === 'bigint' ? permissions : BigInt(permissions);
}

/**
 * A member's guild-level permissions, computed like Discord: the OR of @everyone and the member's
 * roles; the owner and ADMINISTRATOR get every bit.
 * https://discord.com/developers/docs/topics/permissions#permission-overwrites
 */
export function memberPermissions(input: {
  isOwner: boolean;
  everyone: bigint;
  roles: readonly bigint[];
}): bigint {
  if (input.isOwner) return ALL_PERMISSIONS;
  const combined = input.roles.reduce((all, bits) => all | bits, input.everyone);
  return (combined & PermissionFlagsBits.Administrator) === 0n ? combined : ALL_PERMISSIONS;
}
