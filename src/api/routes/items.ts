import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, channelParams, channelRouteErrors, idParam } from '../../contract/common.ts';
import { checkPrizeName, PRIZE_LIMITS, parsePrizeText } from '../../raffles/prize-rules.ts';
import { serviceAccess } from '../access.ts';
import type { Services } from '../services.ts';
import { requireChannel } from './channel-lookup.ts';

const name = z
  .string()
  .trim()
  .min(1, 'cannot be empty')
  .max(PRIZE_LIMITS.nameMaxLength, `must be at most ${PRIZE_LIMITS.nameMaxLength} characters`)
  .meta({ example: 'skin dourada' });
const weight = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(PRIZE_LIMITS.weightMin, 'must be at least 1')
  .max(PRIZE_LIMITS.weightMax, 'must be at most 1,000,000')
  .meta({ description: 'relative chance, 1 to 1,000,000', example: 50 });
const quantity = z
  .number({ error: 'must be a number or null' })
  .int('must be a whole number')
  .min(0, 'cannot be negative')
  .max(PRIZE_LIMITS.quantityMax, 'must be at most 1,000,000')
  .nullable()
  .meta({ description: 'units left; null = unlimited', example: 2 });

const item = z
  .object({
    id: z.number(),
    name: z.string(),
    weight: z.number(),
    quantity: z.number().nullable(),
  })
  .meta({ example: { id: 7, name: 'skin dourada', weight: 50, quantity: 2 } });
const itemWithChance = item
  .extend({ chance: z.number().meta({ description: 'percent chance of being the next prize' }) })
  .meta({ id: 'Item', example: { id: 7, name: 'skin dourada', weight: 50, quantity: 2, chance: 62.5 } });

const createBody = z
  .object({
    text: z
      .string()
      .max(10_000, 'must be at most 10,000 characters')
      .optional()
      .meta({ description: 'the chat form: "nome:peso, nome;peso, nome:pesox2, nome:pesox*"' }),
    name: name.optional(),
    weight: weight.optional(),
    quantity: quantity.optional().meta({ description: 'default 1; null = unlimited' }),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.text !== undefined) {
      if (body.name !== undefined || body.weight !== undefined || body.quantity !== undefined) {
        context.addIssue({ code: 'custom', message: 'send either text, or name and weight, not both' });
      }
    } else if (body.name === undefined || body.weight === undefined) {
      context.addIssue({ code: 'custom', message: 'send text ("nome:peso, …"), or name and weight' });
    }
  })
  .meta({
    description: 'Either the chat form `{text}`, or one prize `{name, weight, quantity?}`.',
    example: { text: 'skin dourada:50, skin prata:30x2, chave:5x*' },
  });

const patchBody = z
  .object({ name: name.optional(), weight: weight.optional(), quantity: quantity.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one of name, weight, quantity')
  .meta({ example: { weight: 80, quantity: null } });

const itemParams = channelParams.extend({ id: idParam });

/** Prizes of a channel (SPEC §7): list with chances, add (JSON or the chat's text form), edit, remove. */
export function itemRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preHandler', serviceAccess({ apiToken: services.config.apiToken, ...services }));
    const errors = channelRouteErrors;

    app.get(
      '/channels/:login/items',
      {
        schema: {
          tags: ['prizes'],
          summary: "A channel's prizes with each one's chance",
          security: bearer,
          params: channelParams,
          response: {
            200: z.object({ items: z.array(itemWithChance), totalWeight: z.number() }).meta({
              example: {
                items: [
                  { id: 7, name: 'skin dourada', weight: 50, quantity: 2, chance: 62.5 },
                  { id: 8, name: 'skin prata', weight: 30, quantity: null, chance: 37.5 },
                ],
                totalWeight: 80,
              },
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const channel = await requireChannel(services, request.params.login);
        const items = await services.items.list(channel.id);
        const totalWeight = items
          .filter((entry) => entry.quantity === null || entry.quantity > 0)
          .reduce((sum, entry) => sum + entry.weight, 0);
        return { items, totalWeight };
      },
    );

    app.post(
      '/channels/:login/items',
      {
        schema: {
          tags: ['prizes'],
          summary: 'Add prizes: one as JSON, or several in the chat form (all or nothing)',
          description:
            'Creates the channel on first use. A name the channel already has is a 409; one bad entry in ' +
            '`text` rejects the whole list and changes nothing.',
          security: bearer,
          params: channelParams,
          body: createBody,
          response: {
            201: z.union([item, z.object({ items: z.array(item) })]).meta({
              example: { items: [{ id: 7, name: 'skin dourada', weight: 50, quantity: 1 }] },
            }),
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
        return text !== undefined ? { items: created } : (created[0] as z.infer<typeof item>);
      },
    );

    app.patch(
      '/channels/:login/items/:id',
      {
        schema: {
          tags: ['prizes'],
          summary: "Change a prize's name, weight or quantity",
          security: bearer,
          params: itemParams,
          body: patchBody,
          response: { 200: item, ...errors },
        },
      },
      async (request) => {
        const channel = await requireChannel(services, request.params.login);
        return services.items.update(channel.id, request.params.id, request.body);
      },
    );

    app.delete(
      '/channels/:login/items/:id',
      {
        schema: {
          tags: ['prizes'],
          summary: 'Remove a prize',
          security: bearer,
          params: itemParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const channel = await requireChannel(services, request.params.login);
        await services.items.remove(channel.id, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/channels/:login/items',
      {
        schema: {
          tags: ['prizes'],
          summary: 'Remove every prize of the channel (!itens limpar)',
          security: bearer,
          params: channelParams,
          response: { 200: z.object({ removed: z.number() }).meta({ example: { removed: 3 } }), ...errors },
        },
      },
      async (request) => {
        const channel = await requireChannel(services, request.params.login);
        return { removed: await services.items.clear(channel.id) };
      },
    );
  };
}
