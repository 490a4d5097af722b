import { parseRaffleId } from '../parse/counts.ts';
import { neutralize, shortCommitment } from '../render/escape.ts';
import { defineCommand } from './command.ts';

/** `!verificar <id>` / `/sorteio verificar id:…`: the public proof page and the short commitment. */
export const verifyCommand = defineCommand<number>({
  id: 'verify',
  text: [['verificar']],
  slash: { command: 'sorteio', subcommand: 'verificar' },
  preconditions: [],
  parseText: parseRaffleId,
  parseSlash: (options) => parseRaffleId(String(options.getInteger('id') ?? '')),
  async run(context, raffleId) {
    const proof = await context.api.proof(raffleId);
    const reply = context.messages['verify.reply']({
      raffleId,
      channel: neutralize(proof.channel),
      commitment: shortCommitment(proof.commitment),
      url: `${context.publicUrl}/r/${raffleId}`,
    });
    return { content: proof.seed === null ? `${reply}\n${context.messages['verify.pending']()}` : reply };
  },
});
