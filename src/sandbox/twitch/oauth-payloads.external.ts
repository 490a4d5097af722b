import type { AccessTokenRecord, IssuedToken } from './oauth-grants.ts';

/** The body of `POST /oauth2/token`, as Twitch sends it. */
export interface TokenResponseBody {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope?: string[];
  token_type: 'bearer';
}

/** The body of a successful `GET /oauth2/validate`; app tokens have no login nor user_id. */
export interface ValidateResponseBody {
  client_id: string;
  login?: string;
  scopes: string[];
  user_id?: string;
  expires_in: number;
}

/** The token endpoint's answer for an issued token (app tokens carry no refresh token nor scope). */
export function tokenResponse(issued: IssuedToken): TokenResponseBody {
  if (issued.refreshToken === null) {
    return { access_token: issued.accessToken, expires_in: issued.expiresIn, token_type: 'bearer' };
  }
  return {
    access_token: issued.accessToken,
    refresh_token: issued.refreshToken,
    expires_in: issued.expiresIn,
    scope: [...issued.scopes],
    token_type: 'bearer',
  };
}

/** The validate endpoint's answer for a live token. */
export function validateResponse(token: AccessTokenRecord, login: string | undefined): ValidateResponseBody {
  const expiresIn = Math.max(0, Math.floor((token.expiresAt - Date.now()) / 1000));
  if (token.userId === null) return { client_id: token.clientId, scopes: [], expires_in: expiresIn };
  return {
    client_id: token.clientId,
    login,
    scopes: [...token.scopes],
    user_id: token.userId,
    expires_in: expiresIn,
  };
}
