// DM channels between the bot and a user. https://discord.com/developers/docs/resources/user#create-dm
import { DiscordHttpError } from './http-io.ts';
import { directChannelPayload } from './payloads.external.ts';
import { ok, type Route, route } from './route.ts';

/** POST /users/@me/channels `{recipient_id}`: the DM channel with that user (the same one every time). */
export const directMessageRoutes: Route[] = [
  route('POST', '/users/@me/channels', (context, _params, request) => {
    const recipientId = String(request.body?.recipient_id ?? '');
    const recipient = context.state.users.get(recipientId);
    if (!recipient || recipient.id === context.state.botUser.id)
      throw new DiscordHttpError(400, 50033, 'Invalid Recipient(s)');
    // Opening the channel always works; a user who refuses DMs is refused when a message is sent.
    return ok(directChannelPayload(context.state, context.state.openDirectChannel(recipient.id)));
  }),
];
