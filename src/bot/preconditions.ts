import type { DiscordLink } from './api-types.ts';

/** What the bot knows about the member who ran a command, mapped once from discord.js at the edge. */
export interface MemberAccess {
  /** Has Manage Server (or Administrator, which implies it). */
  readonly canManageServer: boolean;
  readonly roleIds: readonly string[];
}

/** A named check a command declares; a failed one is refused with the `error.missing_permission` reply. */
export interface Precondition {
  readonly name: string;
  check(member: MemberAccess, link: DiscordLink | null): boolean;
}

/** Manage Server, or the manager role configured on the server's link (SPEC §2.1). */
export const serverManager: Precondition = {
  name: 'serverManager',
  check: (member, link) =>
    member.canManageServer || (link?.managerRoleId != null && member.roleIds.includes(link.managerRoleId)),
};

/** Which of `preconditions` the member fails, by name; empty = allowed. */
export function failedPreconditions(
  preconditions: readonly Precondition[],
  member: MemberAccess,
  link: DiscordLink | null,
): string[] {
  return preconditions.filter((precondition) => !precondition.check(member, link)).map((p) => p.name);
}
