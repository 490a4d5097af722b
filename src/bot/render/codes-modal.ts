import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { Messages } from '../messages/index.ts';
import { truncate } from './escape.ts';

/** The text input of the codes form. */
export const CODES_INPUT_ID = 'codes';

// Discord's modal limits: a title of 45 characters, a text input of up to 4000.
// https://discord.com/developers/docs/components/reference#modal
const MODAL_TITLE_MAX = 45;
const TEXT_INPUT_MAX = 4000;

/** The form's id names the prize it adds codes to: `codes:<itemId>`. */
export function codesModalId(itemId: number): string {
  return `codes:${itemId}`;
}

/** Reads a codes form id back; null for any other id. */
export function parseCodesModalId(customId: string): { itemId: number } | null {
  const match = /^codes:(\d{1,15})$/.exec(customId);
  return match ? { itemId: Number(match[1]) } : null;
}

/**
 * The form where a manager pastes a prize's secret codes, one per line (SPEC §2.8). Only they see
 * what they type: codes never go through a channel message.
 */
export function codesModal(prize: { id: number; name: string }, messages: Messages): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(CODES_INPUT_ID)
    .setStyle(TextInputStyle.Paragraph)
    .setRequired(true)
    .setMinLength(1)
    .setMaxLength(TEXT_INPUT_MAX)
    .setPlaceholder(messages['codes.inputPlaceholder']());
  // A title is plain text (no Markdown), so the prize name is only shortened.
  return new ModalBuilder()
    .setCustomId(codesModalId(prize.id))
    .setTitle(truncate(messages['codes.modalTitle']({ name: prize.name }), MODAL_TITLE_MAX))
    .addLabelComponents(
      new LabelBuilder().setLabel(messages['codes.inputLabel']()).setTextInputComponent(input),
    );
}

/** The codes in what was pasted: one per line, surrounding spaces trimmed, blank lines dropped. */
export function splitCodes(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
