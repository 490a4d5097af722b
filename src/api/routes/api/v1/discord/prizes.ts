import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Channel } from '../../../../../channels/channel-repository.ts';
import { bearer, idParam, problemSchema } from '../../../../../contract/common.ts';
import { guildParams } from '../../../../../contract/discord.ts';
import {
  accountLinkBodySchema,
  accountLinkParams,
  accountLinkUrlSchema,
  buttonClaimBodySchema,
  buttonClaimSchema,
  deliveryOutcomeBodySchema,
  deliverySchema,
  guildSlotParams,
  recipientsSchema,
} from '../../../../../contract/prizes.ts';
import { notFound } from '../../../../../errors.ts';
import type { Services } from '../../../../services.ts';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

/**
 * The bot's side of SPEC §2.8, under /api/v1/discord/{guildId} (service token): a viewer's account-link
 * URL and unlinking; for a raffle of the server's channel, who of its winners is linked (mentions), a
 * code to DM to a linked winner and how that went, and the "Resgatar" button's claim.
 */
export function discordPrizeRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const channelOfGuild = async (guildId: string): Promise<Channel> => {
      const link = await services.discordLinks.find(guildId);
      const channel = link && (await services.channels.findById(link.channelId));
      if (!channel) {
        throw notFound('guild_not_linked', 'This Discord server is not connected to a Twitch channel yet.');
      }
      return channel;
    };

    app.post(
      '/:guildId/users/:userId/link',
      {
        config: { access: 'service' },
        schema: {
          tags: ['discord'],
          summary: "Mint a Discord user's private account-link URL (signed, single use, 15 minutes)",
          security: bearer,
          params: accountLinkParams,
          body: accountLinkBodySchema,
          response: { 201: accountLinkUrlSchema, ...errors },
        },
      },
      async (request, reply) => {
        reply.status(201).header('cache-control', 'no-store');
        return services.accountLinks.mint(request.params.userId, { username: request.body?.username });
      },
    );

    app.delete(
      '/:guildId/users/:userId/link',
      {
        config: { access: 'service' },
        schema: {
          tags: ['discord'],
          summary: "Remove a Discord user's link to their Twitch account (404 `not_linked` if none)",
          security: bearer,
          params: accountLinkParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await services.accountLinks.unlink(request.params.userId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/:guildId/raffles/:raffleId/recipients',
      {
        config: { access: 'service' },
        schema: {
          tags: ['discord'],
          summary: "The raffle's winners who linked a Discord account, and whether their code is due",
          security: bearer,
          params: guildParams.extend({ raffleId: idParam }),
          response: { 200: recipientsSchema, ...errors },
        },
      },
      async (request) => {
        const channel = await channelOfGuild(request.params.guildId);
        return { recipients: await services.prizes.recipients(channel.id, request.params.raffleId) };
      },
    );

    app.post(
      '/:guildId/raffles/:raffleId/slots/:position/delivery',
      {
        config: { access: 'service' },
        schema: {
          tags: ['discord'],
          summary: 'Take the code of a slot to DM to its linked holder (one sender at a time)',
          description:
            '409 `not_deliverable` when there is nothing to send now (no link, no code, not claimed yet, already ' +
            'delivered, or another process sending it). Report the DM with `…/delivery/outcome`.',
          security: bearer,
          params: guildSlotParams,
          response: { 200: deliverySchema, ...errors },
        },
      },
      async (request, reply) => {
        const channel = await channelOfGuild(request.params.guildId);
        reply.header('cache-control', 'no-store');
        return services.prizes.takeDelivery(channel.id, request.params.raffleId, request.params.position);
      },
    );

    app.post(
      '/:guildId/raffles/:raffleId/slots/:position/delivery/outcome',
      {
        config: { access: 'service' },
        schema: {
          tags: ['discord'],
          summary: 'Whether the DM with the code went out (delivered) or not (the claim page keeps it)',
          security: bearer,
          params: guildSlotParams,
          body: deliveryOutcomeBodySchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const channel = await channelOfGuild(request.params.guildId);
        const { raffleId, position } = request.params;
        await services.prizes.deliveryOutcome(channel.id, raffleId, position, request.body);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/:guildId/raffles/:raffleId/slots/:position/claim',
      {
        config: { access: 'service' },
        schema: {
          tags: ['discord'],
          summary: 'The "Resgatar" button: the linked holder claims the slot from Discord',
          description:
            '409 `not_linked`, `not_slot_holder` or `claim_closed`. A claim is announced as `raffle.claimed`.',
          security: bearer,
          params: guildSlotParams,
          body: buttonClaimBodySchema,
          response: { 200: buttonClaimSchema, ...errors },
        },
      },
      async (request) => {
        const channel = await channelOfGuild(request.params.guildId);
        const { raffleId, position } = request.params;
        return services.prizes.claimFromDiscord(channel, raffleId, position, request.body.discordUserId);
      },
    );
  };
}
