import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import {
  SignedTokenError,
  type SignedTokenErrorCode,
  SignedTokens,
  type TokenPurpose,
} from '../../src/security/signed-token.ts';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const tokens = new SignedTokens(SECRET);
const NOW = new Date('2026-11-20T12:00:00.000Z');
const GUILD = '1187263540012345678';

function refusal(run: () => unknown): SignedTokenError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignedTokenError);
    return error as SignedTokenError;
  }
  throw new Error('expected the token to be refused, but it verified');
}

function expectRefused(token: string, purpose: TokenPurpose, code: SignedTokenErrorCode, now = NOW) {
  expect(refusal(() => tokens.verify(token, purpose, now)).code).toBe(code);
}

const decodePayload = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** Re-encodes an edited payload and keeps the original signature: a forgery attempt. */
function withPayload(token: string, edit: (payload: Record<string, unknown>) => void): string {
  const payload = decodePayload(token);
  edit(payload);
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${token.split('.')[1]}`;
}

function withSignatureBitFlipped(token: string, index: number): string {
  const [body, signatureText = ''] = token.split('.');
  const signature = Buffer.from(signatureText, 'base64url');
  const at = index < 0 ? signature.length + index : index;
  signature[at] = (signature[at] ?? 0) ^ 0x01;
  return `${body}.${signature.toString('base64url')}`;
}

/** Signs a payload by hand with the documented key derivation: HKDF-SHA256(secret, 'kinoyu', label). */
function signByHand(payload: Record<string, unknown>, keyPurpose: TokenPurpose): string {
  const key = Buffer.from(hkdfSync('sha256', SECRET, 'kinoyu', `kinoyu signed token v1: ${keyPurpose}`, 32));
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

describe('SignedTokens', () => {
  it('round-trips purpose, fields, a 16-byte nonce and the expiry', () => {
    const token = tokens.sign({ purpose: 'discord_link', g: GUILD, n2: 3, ok: true }, 600, NOW);
    const verified = tokens.verify(token, 'discord_link', NOW);
    expect(verified.purpose).toBe('discord_link');
    expect(verified.fields).toEqual({ g: GUILD, n2: 3, ok: true });
    expect(Buffer.from(verified.nonce, 'base64url')).toHaveLength(16);
    expect(verified.expiresAt).toBe(NOW.getTime() / 1000 + 600);
  });

  it('writes base64url(json).base64url(hmac) with p, n, e and the fields', () => {
    const token = tokens.sign({ purpose: 'oauth_state', r: '/dashboard' }, 300, NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(decodePayload(token)).toEqual({
      p: 'oauth_state',
      n: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      e: NOW.getTime() / 1000 + 300,
      r: '/dashboard',
    });
  });

  it('gives every token its own nonce', () => {
    const nonces = Array.from(
      { length: 200 },
      () => tokens.verify(tokens.sign({ purpose: 'oauth_state' }, 60, NOW), 'oauth_state', NOW).nonce,
    );
    expect(new Set(nonces).size).toBe(200);
  });

  it('accepts a token until the last second before its expiry, and refuses it from then on', () => {
    const token = tokens.sign({ purpose: 'oauth_state' }, 600, NOW);
    const expiry = NOW.getTime() + 600_000;
    expect(tokens.verify(token, 'oauth_state', new Date(expiry - 1)).purpose).toBe('oauth_state');
    expectRefused(token, 'oauth_state', 'expired', new Date(expiry));
    expectRefused(token, 'oauth_state', 'expired', new Date(expiry + 86_400_000));
  });

  it('verifies against the real clock when no time is given', () => {
    const fresh = tokens.sign({ purpose: 'oauth_state' }, 60);
    expect(tokens.verify(fresh, 'oauth_state').purpose).toBe('oauth_state');
    const old = tokens.sign({ purpose: 'oauth_state' }, 60, new Date(Date.now() - 61_000));
    expect(refusal(() => tokens.verify(old, 'oauth_state')).code).toBe('expired');
  });

  it('never lets a connect-link token pass as an OAuth state, nor the reverse', () => {
    const link = tokens.sign({ purpose: 'discord_link', g: GUILD }, 600, NOW);
    const state = tokens.sign({ purpose: 'oauth_state' }, 600, NOW);
    expectRefused(link, 'oauth_state', 'wrong_purpose');
    expectRefused(state, 'discord_link', 'wrong_purpose');
  });

  it('refuses a connect-link token whose purpose was rewritten to oauth_state', () => {
    const link = tokens.sign({ purpose: 'discord_link', g: GUILD }, 600, NOW);
    const rewritten = withPayload(link, (payload) => {
      payload.p = 'oauth_state';
    });
    expectRefused(rewritten, 'oauth_state', 'bad_signature');
    expectRefused(rewritten, 'discord_link', 'bad_signature');
  });

  it('signs each purpose with its own derived key', () => {
    const payload = { p: 'oauth_state', n: 'AAAAAAAAAAAAAAAAAAAAAA', e: NOW.getTime() / 1000 + 60 };
    // The hand-made token with the right key verifies, so the refusal below is about the key alone.
    expect(tokens.verify(signByHand(payload, 'oauth_state'), 'oauth_state', NOW).nonce).toBe(payload.n);
    expectRefused(signByHand(payload, 'discord_link'), 'oauth_state', 'wrong_purpose');
    expectRefused(
      signByHand({ ...payload, p: 'discord_link' }, 'oauth_state'),
      'discord_link',
      'wrong_purpose',
    );
  });

  it.each([0, 15, -1])('refuses a token with a bit of signature byte %i flipped', (index) => {
    const token = tokens.sign({ purpose: 'discord_link', g: GUILD }, 600, NOW);
    const flipped = withSignatureBitFlipped(token, index);
    expect(flipped).not.toBe(token);
    expectRefused(flipped, 'discord_link', 'bad_signature');
  });

  it.each([
    ['another guild', (payload: Record<string, unknown>) => (payload.g = '999999999999999999')],
    ['a later expiry', (payload: Record<string, unknown>) => (payload.e = Number(payload.e) + 86_400)],
    ['another nonce', (payload: Record<string, unknown>) => (payload.n = 'AAAAAAAAAAAAAAAAAAAAAA')],
    ['an added field', (payload: Record<string, unknown>) => (payload.r = '/evil')],
  ])('refuses a token whose payload was edited to carry %s', (_name, edit) => {
    const token = tokens.sign({ purpose: 'discord_link', g: GUILD }, 600, NOW);
    const edited = withPayload(token, edit);
    expect(edited).not.toBe(token);
    expectRefused(edited, 'discord_link', 'bad_signature');
  });

  it('refuses tokens signed with another secret', () => {
    const other = new SignedTokens('another-session-secret-of-32-characters!');
    const theirs = other.sign({ purpose: 'discord_link', g: GUILD }, 600, NOW);
    const ours = tokens.sign({ purpose: 'discord_link', g: GUILD }, 600, NOW);
    expectRefused(theirs, 'discord_link', 'bad_signature');
    expect(refusal(() => other.verify(ours, 'discord_link', NOW)).code).toBe('bad_signature');
  });

  it.each([
    ['empty', ''],
    ['one part', 'eyJwIjoib2F1dGhfc3RhdGUifQ'],
    ['three parts', `a.b.${'A'.repeat(43)}`],
    ['a short signature', `eyJ9.${'A'.repeat(42)}`],
    ['a long signature', `eyJ9.${'A'.repeat(44)}`],
    ['characters outside base64url', `ey+J9.${'A'.repeat(43)}`],
    ['a non-canonical signature', `eyJ9.${'A'.repeat(42)}B`],
    ['an oversized token', `${'A'.repeat(4000)}.${'A'.repeat(43)}`],
  ])('refuses a malformed token (%s)', (_name, token) => {
    expectRefused(token, 'oauth_state', 'malformed');
  });

  it('reports refusals as 400 application errors that never contain the token', () => {
    const token = tokens.sign({ purpose: 'discord_link', g: GUILD }, 600, NOW);
    const error = refusal(() => tokens.verify(token, 'discord_link', new Date(NOW.getTime() + 601_000)));
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(400);
    expect(error.message).not.toContain(token.split('.')[0]);
    expect(error.message).not.toContain(token.split('.')[1]);
    expect(error.message).not.toContain(GUILD);
  });

  it('refuses to sign reserved field names, bad lifetimes or unknown purposes', () => {
    expect(() => tokens.sign({ purpose: 'oauth_state', e: 1 }, 60)).toThrow(TypeError);
    expect(() => tokens.sign({ purpose: 'oauth_state', n: 'x' }, 60)).toThrow(TypeError);
    expect(() => tokens.sign({ purpose: 'oauth_state', p: 'x' }, 60)).toThrow(TypeError);
    expect(() => tokens.sign({ purpose: 'oauth_state', x: Number.NaN }, 60)).toThrow(TypeError);
    expect(() => tokens.sign({ purpose: 'session' as TokenPurpose }, 60)).toThrow(TypeError);
    for (const ttl of [0, -5, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => tokens.sign({ purpose: 'oauth_state' }, ttl)).toThrow(RangeError);
    }
  });

  it('refuses a secret shorter than SESSION_SECRET allows', () => {
    expect(() => new SignedTokens('short')).toThrow(RangeError);
  });
});
