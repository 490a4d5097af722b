import { DiscordAPIError, HTTPError } from 'discord.js';

/**
 * What may be logged of a failed Discord request: its error code, HTTP status and kind. Not the error
 * itself: discord.js keeps the request body on it (`requestBody`), and the body of a DM may hold a
 * prize code or a private link.
 */
export function discordErrorSummary(error: unknown): {
  discordError: number | undefined;
  status: number | undefined;
  errorName: string;
} {
  const discordError =
    error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
  const status = error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined;
  return { discordError, status, errorName: error instanceof Error ? error.name : typeof error };
}
