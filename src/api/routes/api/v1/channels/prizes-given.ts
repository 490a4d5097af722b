import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer, channelParams, channelRouteErrors } from '../../../../../contract/common.ts';
import {
  type LedgerEntry,
  ledgerQuerySchema,
  ledgerSchema,
  PRIZE_LIST_LIMITS,
} from '../../../../../contract/prizes.ts';
import { channelOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

const CSV_COLUMNS = [
  'raffle_id',
  'position',
  'user_id',
  'login',
  'prize',
  'state',
  'won_at',
  'claimed_at',
  'delivered_at',
  'forfeited_at',
  'has_code',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. A prize name is
 * text a moderator typed, so one starting like a spreadsheet formula (= + - @, tab, carriage return)
 * gets a leading apostrophe (OWASP "CSV injection"). Written by hand: eleven columns of plain values,
 * where a CSV library would still leave the formula guard to us.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (entry: LedgerEntry) =>
  [
    entry.raffleId,
    entry.position,
    entry.userId,
    entry.login,
    entry.itemName,
    entry.state,
    entry.wonAt,
    entry.claimedAt,
    entry.deliveredAt,
    entry.forfeitedAt,
    entry.hasCode,
  ]
    .map(csvField)
    .join(',');

/** `GET /api/v1/channels/{login}/prizes-given`: the prize ledger (SPEC §2.8), as JSON pages or one CSV. */
export function prizesGivenRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:login/prizes-given',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: 'Every prize unit given: raffle, position, winner, state and times, newest first',
          description:
            'States: `awaiting_claim`, `claimed`, `delivered` (its code was seen by the winner), `forfeited`. ' +
            'Paged with `?limit=` (1–1,000) and `?before=` (the `nextBefore` of the previous page); ' +
            '`?format=csv` downloads the whole ledger as CSV.',
          security: bearer,
          params: channelParams,
          querystring: ledgerQuerySchema,
          response: { 200: ledgerSchema, ...channelRouteErrors },
        },
      },
      async (request, reply) => {
        const channel = channelOf(request);
        reply.header('cache-control', 'no-store');
        if (request.query.format === 'csv') {
          const lines = [CSV_COLUMNS.join(',')];
          for await (const entry of services.prizes.wholeLedger(channel)) lines.push(csvLine(entry));
          return (
            reply
              .header('content-type', 'text/csv; charset=utf-8')
              .header('content-disposition', `attachment; filename="kinoyu-${channel.login}-premios.csv"`)
              // The JSON schema describes the JSON answer; the CSV goes out as it is.
              .serializer((payload: string) => payload)
              .send(`${lines.join('\r\n')}\r\n` as never)
          );
        }
        return services.prizes.ledger(channel, {
          limit: request.query.limit ?? PRIZE_LIST_LIMITS.defaultLimit,
          before: request.query.before,
        });
      },
    );
  };
}
