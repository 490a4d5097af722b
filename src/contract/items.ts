import { z } from 'zod';
import { channelParams, idParam } from './common.ts';
import { textProblem, userText } from './text.ts';

/** The bounds of SPEC §2.2 and §9 for a prize. */
export const PRIZE_LIMITS = {
  nameMaxLength: 100,
  weightMin: 1,
  weightMax: 1_000_000,
  quantityMax: 1_000_000,
  itemsPerText: 50,
} as const;

// The prizes of a channel: bodies and answers of `/api/v1/channels/{login}/items`.

const name = userText(PRIZE_LIMITS.nameMaxLength).meta({ example: 'skin dourada' });
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

export const itemSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    weight: z.number(),
    quantity: z.number().nullable(),
  })
  .meta({ example: { id: 7, name: 'skin dourada', weight: 50, quantity: 2 } });
export const itemWithChanceSchema = itemSchema
  .extend({
    chance: z.number().meta({ description: 'percent chance of being the next prize' }),
    codes: z
      .object({ unused: z.number(), total: z.number() })
      .nullable()
      .optional()
      .meta({ description: 'secret codes of the prize (SPEC §2.8); null when it has none' }),
  })
  .meta({ id: 'Item', example: { id: 7, name: 'skin dourada', weight: 50, quantity: 2, chance: 62.5 } });

export const createItemBody = z
  .object({
    text: z
      .string()
      .max(10_000, 'must be at most 10,000 characters')
      .superRefine((text, context) => {
        const problem = textProblem(text, { lines: true });
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
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

export const patchItemBody = z
  .object({ name: name.optional(), weight: weight.optional(), quantity: quantity.optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one of name, weight, quantity')
  .meta({ example: { weight: 80, quantity: null } });

export const itemParams = channelParams.extend({ id: idParam });

/** A channel's prizes with each one's chance, and the total weight of those in stock. */
export const itemListSchema = z
  .object({ items: z.array(itemWithChanceSchema), totalWeight: z.number() })
  .meta({
    example: {
      items: [
        { id: 7, name: 'skin dourada', weight: 50, quantity: 2, chance: 62.5 },
        { id: 8, name: 'skin prata', weight: 30, quantity: null, chance: 37.5 },
      ],
      totalWeight: 80,
    },
  });

/** What an add answers: the one prize sent as JSON, or every prize of the chat form. */
export const itemsCreatedSchema = z.union([itemSchema, z.object({ items: z.array(itemSchema) })]).meta({
  example: { items: [{ id: 7, name: 'skin dourada', weight: 50, quantity: 1 }] },
});

/** How many prizes a clear removed. */
export const itemsRemovedSchema = z.object({ removed: z.number() }).meta({ example: { removed: 3 } });

export type Item = z.infer<typeof itemSchema>;
export type ItemWithChance = z.infer<typeof itemWithChanceSchema>;
export type ItemList = z.infer<typeof itemListSchema>;
