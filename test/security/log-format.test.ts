import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, wantsReadableLogs } from '../../src/logger.ts';

/** Everything a logger wrote to its destination so far. */
function capture() {
  const destination = new PassThrough();
  const chunks: string[] = [];
  destination.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { destination, text: () => chunks.join('') };
}

// Logs are for a person on a terminal (pino-pretty) and JSON lines otherwise; secrets are redacted in
// both (SPEC §9).
describe('log format', () => {
  it('is readable when stdout is a terminal, JSON otherwise', () => {
    expect(wantsReadableLogs({ isTTY: true })).toBe(true);
    expect(wantsReadableLogs({ isTTY: false })).toBe(false);
    expect(wantsReadableLogs({})).toBe(false);
  });

  it('writes readable lines without the secrets', () => {
    const out = capture();
    const logger = createLogger('info', { pretty: true, destination: out.destination });
    logger.info({ channel: 'loja', token: 'secret-link-token', accessToken: 'oauth-secret' }, 'draw done');
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: draw done\n/);
    expect(text).toContain('channel: "loja"');
    expect(text).not.toContain('secret-link-token');
    expect(text).not.toContain('oauth-secret');
    expect(text).not.toMatch(/^\{/);
  });

  it('writes one JSON object a line without the secrets', () => {
    const out = capture();
    const logger = createLogger('info', { pretty: false, destination: out.destination });
    logger.info({ channel: 'loja', token: 'secret-link-token' }, 'draw done');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'draw done', channel: 'loja', token: '[redacted]' });
  });
});
