import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, channelParams, channelRouteErrors } from '../../../../../contract/common.ts';
import {
  createItemBody,
  type Item,
  itemListSchema,
  itemParams,
  itemSchema,
  itemsCreatedSchema,
  itemsRemovedSchema,
  patchItemBody,
} from '../../../../../contract/items.ts';
import { conflict } from '../../../../../errors.ts';
import { checkPrizeName, parsePrizeText } from '../../../../../raffles/prize-rules.ts';
import { channelOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

/**
 * `GET/POST/DELETE /api/v1/channels/{login}/items`, `PATCH/DELETE …/items/{id}`: the prizes of a channel
 * (SPEC §7): list with chances, add (JSON or the chat's text form), edit, remove.
 */
export function itemRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const errors = channelRouteErrors;

    app.get(
      '/:login/items',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: "A channel's prizes with each one's chance",
          security: bearer,
          params: channelParams,
          response: {
            200: itemListSchema,
            ...errors,
          },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        const [listed, codes] = await Promise.all([
          services.items.list(channel.id),
          services.prizes.codeCounts(channel.id),
        ]);
        const items = listed.map((item) => ({ ...item, codes: codes.get(item.id) ?? null }));
        const totalWeight = items
          .filter((entry) => entry.quantity === null || entry.quantity > 0)
          .reduce((sum, entry) => sum + entry.weight, 0);
        return { items, totalWeight };
      },
    );

    app.post(
      '/:login/items',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: 'Add prizes: one as JSON, or several in the chat form (all or nothing)',
          description:
            'Creates the channel on first use. A name the channel already has is a 409; one bad entry in ' +
            '`text` rejects the whole list and changes nothing.',
          security: bearer,
          params: channelParams,
          body: createItemBody,
          response: {
            201: itemsCreatedSchema,
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { text } = request.body;
        const prizes =
          text !== undefined
            ? parsePrizeText(text)
            : [
                {
                  name: checkPrizeName(request.body.name ?? ''),
                  weight: request.body.weight ?? 0,
                  quantity: request.body.quantity === undefined ? 1 : request.body.quantity,
                },
              ];
        const channel = await services.channels.ensure(request.params.login);
        const created = await services.items.add(channel.id, prizes);
        reply.status(201);
        return text !== undefined ? { items: created } : (created[0] as Item);
      },
    );

    app.patch(
      '/:login/items/:id',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: "Change a prize's name, weight or quantity",
          description:
            'The quantity of a prize with secret codes is its number of unused codes: changing it is a 409 ' +
            '`prize_has_codes` (add codes instead).',
          security: bearer,
          params: itemParams,
          body: patchItemBody,
          response: { 200: itemSchema, ...errors },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        if (request.body.quantity !== undefined && (await services.prizes.hasCodes(request.params.id))) {
          throw conflict(
            'prize_has_codes',
            'This prize has secret codes: its quantity is the number of unused codes. Add codes to give more.',
          );
        }
        return services.items.update(channel.id, request.params.id, request.body);
      },
    );

    app.delete(
      '/:login/items/:id',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: 'Remove a prize',
          security: bearer,
          params: itemParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const channel = channelOf(request);
        await services.items.remove(channel.id, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/:login/items',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: 'Remove every prize of the channel (!itens limpar)',
          security: bearer,
          params: channelParams,
          response: { 200: itemsRemovedSchema, ...errors },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        return { removed: await services.items.clear(channel.id) };
      },
    );
  };
}
