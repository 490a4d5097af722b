import { randomToken } from './random.ts';

/** An access token the fake issued; `userId` is null for an app token. */
export interface AccessTokenRecord {
  readonly value: string;
  readonly clientId: string;
  readonly userId: string | null;
  readonly scopes: readonly string[];
  expiresAt: number;
  revoked: boolean;
}

/** What a token endpoint hands out (the wire names are applied in the route). */
export interface IssuedToken {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly expiresIn: number;
  readonly scopes: readonly string[];
  readonly userId: string | null;
}

/** A consent screen that was shown and awaits the user's decision. */
export interface PendingConsent {
  readonly id: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string | null;
  readonly expiresAt: number;
}

interface RefreshTokenRecord {
  readonly clientId: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  used: boolean;
  revoked: boolean;
}

interface AuthorizationCodeRecord {
  readonly clientId: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
  readonly expiresAt: number;
}

/** Why a code or refresh token was refused. */
export type GrantRefusal = 'unknown' | 'redirect_mismatch' | 'reused';

/** Token lifetimes in seconds. */
export interface TokenLifetimes {
  readonly userSeconds: number;
  readonly appSeconds: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;

/**
 * The fake's OAuth state: pending consent screens, authorization codes (single use, ten minutes),
 * access tokens and refresh tokens. Refresh always rotates the refresh token; with
 * `singleUseRefreshTokens` a spent one is refused, otherwise it keeps working (confidential clients).
 */
export class OAuthGrants {
  singleUseRefreshTokens = false;
  readonly #consents = new Map<string, PendingConsent>();
  readonly #codes = new Map<string, AuthorizationCodeRecord>();
  readonly #accessTokens = new Map<string, AccessTokenRecord>();
  readonly #refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(private readonly lifetimes: TokenLifetimes) {}

  /** Remembers a consent screen; its id is the only thing the decision form carries back. */
  openConsent(request: Omit<PendingConsent, 'id' | 'expiresAt'>): PendingConsent {
    const consent = { ...request, id: randomToken(24), expiresAt: Date.now() + CODE_LIFETIME_MS };
    this.#consents.set(consent.id, consent);
    return consent;
  }

  /** Takes a pending consent out (single use); undefined when unknown or stale. */
  takeConsent(id: string): PendingConsent | undefined {
    const consent = this.#consents.get(id);
    this.#consents.delete(id);
    return consent && consent.expiresAt > Date.now() ? consent : undefined;
  }

  /** Issues an authorization code for a user, as the consent screen does when the user says yes. */
  issueCode(clientId: string, userId: string, scopes: readonly string[], redirectUri: string): string {
    const code = randomToken(30);
    this.#codes.set(code, {
      clientId,
      userId,
      scopes,
      redirectUri,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    return code;
  }

  /** Exchanges a code for tokens; a code works once, for the client and redirect URI it was made for. */
  redeemCode(clientId: string, code: string, redirectUri: string): IssuedToken | GrantRefusal {
    const record = this.#codes.get(code);
    this.#codes.delete(code);
    if (!record || record.clientId !== clientId || record.expiresAt <= Date.now()) return 'unknown';
    if (record.redirectUri !== redirectUri) return 'redirect_mismatch';
    return this.issueUserToken(clientId, record.userId, record.scopes);
  }

  /** Issues a user access token with its refresh token. */
  /** Accepts a refresh token issued by an earlier run (the sandbox keeps no state across restarts). */
  adoptRefreshToken(value: string, clientId: string, userId: string, scopes: readonly string[]): void {
    if (!this.#refreshTokens.has(value)) {
      this.#refreshTokens.set(value, { clientId, userId, scopes, used: false, revoked: false });
    }
  }

  issueUserToken(clientId: string, userId: string, scopes: readonly string[]): IssuedToken {
    const refreshToken = randomToken(50);
    this.#refreshTokens.set(refreshToken, { clientId, userId, scopes, used: false, revoked: false });
    return { ...this.#issueAccess(clientId, userId, scopes, this.lifetimes.userSeconds), refreshToken };
  }

  /** Issues an app access token (client credentials): no user, no scopes, no refresh token. */
  issueAppToken(clientId: string): IssuedToken {
    return { ...this.#issueAccess(clientId, null, [], this.lifetimes.appSeconds), refreshToken: null };
  }

  /** Refreshes: new access token and a rotated refresh token, or why not. */
  refresh(clientId: string, refreshToken: string): IssuedToken | GrantRefusal {
    const record = this.#refreshTokens.get(refreshToken);
    if (!record || record.revoked || record.clientId !== clientId) return 'unknown';
    if (record.used && this.singleUseRefreshTokens) return 'reused';
    record.used = true;
    return this.issueUserToken(clientId, record.userId, record.scopes);
  }

  /** A token that is neither expired nor revoked. */
  liveAccessToken(value: string): AccessTokenRecord | undefined {
    const record = this.#accessTokens.get(value);
    return record && !record.revoked && record.expiresAt > Date.now() ? record : undefined;
  }

  /** Revokes an access or refresh token of a client; false when the fake never issued it to that client. */
  revoke(clientId: string, value: string): boolean {
    const access = this.#accessTokens.get(value);
    const refresh = this.#refreshTokens.get(value);
    const record = access ?? refresh;
    if (!record || record.clientId !== clientId || record.revoked) return false;
    record.revoked = true;
    return true;
  }

  /** Kills every token of a user, as when they disconnect the app in their Twitch settings. */
  revokeUser(userId: string): void {
    for (const record of [...this.#accessTokens.values(), ...this.#refreshTokens.values()]) {
      if (record.userId === userId) record.revoked = true;
    }
  }

  /** Makes every access token issued so far expire now (refresh tokens keep working). */
  expireAllAccessTokens(): void {
    const now = Date.now();
    for (const record of this.#accessTokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  #issueAccess(clientId: string, userId: string | null, scopes: readonly string[], lifetimeSeconds: number) {
    const value = randomToken(30);
    const expiresAt = Date.now() + lifetimeSeconds * 1000;
    this.#accessTokens.set(value, { value, clientId, userId, scopes, expiresAt, revoked: false });
    return { accessToken: value, expiresIn: lifetimeSeconds, scopes, userId };
  }
}
