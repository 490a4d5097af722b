// A member fills in and submits a modal the bot opened (callback type 9): INTERACTION_CREATE type 5.
// https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-modal-submit-data-structure
import type { FakeContext } from './context.ts';
import { interactionBase } from './interaction-payloads.external.ts';
import { InteractionRecord } from './interactions.ts';
import { type DiscordJson, messagePayload } from './payloads.external.ts';
import { nextSnowflake, randomToken } from './snowflake.ts';

const MODAL_CALLBACK = 9;
const TEXT_INPUT = 4;
const LABEL = 18;

/** A modal submission as a test describes it: the text typed in each input, by custom id. */
export interface ModalSubmitSpec {
  /** The interaction the bot answered with the modal. */
  openerId: string;
  fields: Record<string, string>;
  id?: string;
}

/** Dispatches the submission of the modal the bot showed in answer to `openerId`. */
export function submitModal(context: FakeContext, spec: ModalSubmitSpec): InteractionRecord {
  const opener = context.interactions.byId(spec.openerId);
  const modal = opener?.responses.find(
    (response) => response.kind === 'callback' && response.type === MODAL_CALLBACK,
  )?.body?.data;
  if (!opener || !modal) throw new Error(`fake Discord: interaction ${spec.openerId} showed no modal`);
  const components = (modal.components ?? []).map((component: DiscordJson) =>
    submitted(component, spec.fields),
  );
  const { guildId, channelId, userId, componentMessageId } = opener.origin;
  const guild = context.state.guild(guildId);
  const channel = guild.channels.find((candidate) => candidate.id === channelId);
  if (!channel) throw new Error(`fake Discord: no channel ${channelId}`);
  const origin = { kind: 'modal' as const, guildId, channelId, userId, componentMessageId };
  const record = new InteractionRecord(spec.id ?? nextSnowflake(), randomToken(), origin, context.waiters);
  const base = interactionBase(context.state, {
    id: record.id,
    token: record.token,
    type: 5,
    guild,
    channel,
    userId,
    locale: 'pt-BR',
  });
  const message = componentMessageId ? context.state.messages.get(componentMessageId) : undefined;
  context.interactions.add(record);
  context.dispatcher.interactionCreate({
    ...base,
    data: { custom_id: modal.custom_id, components },
    ...(message && { message: messagePayload(context.state, message) }),
  });
  return record;
}

// Echoes the modal's layout with each text input's value; a required input left empty is refused,
// as Discord's client does not let the member submit.
function submitted(component: DiscordJson, fields: Record<string, string>): DiscordJson {
  if (component.type === LABEL)
    return { type: LABEL, id: component.id, component: submitted(component.component, fields) };
  if (Array.isArray(component.components))
    return {
      type: component.type,
      id: component.id,
      components: component.components.map((child: DiscordJson) => submitted(child, fields)),
    };
  if (component.type !== TEXT_INPUT) return { type: component.type, id: component.id };
  const value = fields[component.custom_id];
  if (value === undefined && component.required !== false)
    throw new Error(`fake Discord: the modal's required field ${component.custom_id} was not filled`);
  return { type: TEXT_INPUT, id: component.id, custom_id: component.custom_id, value: value ?? '' };
}
