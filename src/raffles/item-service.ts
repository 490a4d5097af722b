import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';
import { conflict, notFound } from '../errors.ts';
import { type Item, itemRepository } from './item-repository.ts';
import { checkPrizeName, checkPrizeQuantity, checkPrizeWeight, type PrizeInput } from './prize-rules.ts';

/** A prize with its chance, in percent, of being the prize of the next position drawn. */
export interface ItemWithChance extends Item {
  readonly chance: number;
}

const UNIQUE_VIOLATION = '23505';

/** Adds each prize's chance: its weight over the total weight of the prizes still in stock. */
export function withChances(items: readonly Item[]): ItemWithChance[] {
  const inStock = (item: Item) => item.quantity === null || item.quantity > 0;
  const total = items.filter(inStock).reduce((sum, item) => sum + item.weight, 0);
  return items.map((item) => ({
    ...item,
    chance: inStock(item) && total > 0 ? Math.round((item.weight / total) * 10_000) / 100 : 0,
  }));
}

/** Prizes of a channel: listing with chances, all-or-nothing additions, edits and removals. */
export class ItemService {
  constructor(private readonly db: Kysely<Tables>) {}

  async list(channelId: number): Promise<ItemWithChance[]> {
    return withChances(await itemRepository.list(this.db, channelId));
  }

  /** Adds prizes all together or not at all; a name the channel already has is a 409. */
  async add(channelId: number, prizes: readonly PrizeInput[]): Promise<Item[]> {
    try {
      return await this.db.transaction().execute(async (transaction) => {
        const taken = await itemRepository.existingNames(
          transaction,
          channelId,
          prizes.map((prize) => prize.name),
        );
        if (taken.length > 0) {
          throw conflict('prize_exists', `A prize named "${taken[0]}" already exists; change it instead.`, {
            names: taken,
          });
        }
        return itemRepository.insertMany(transaction, channelId, prizes);
      });
    } catch (error) {
      // Two requests adding the same name at once: the unique index settles it.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw conflict('prize_exists', 'A prize with that name already exists; change it instead.');
      }
      throw error;
    }
  }

  async update(channelId: number, itemId: number, changes: Partial<PrizeInput>): Promise<Item> {
    const existing = await itemRepository.find(this.db, channelId, itemId);
    if (!existing) throw notFound('prize_not_found', `There is no prize ${itemId} on this channel.`);
    const name = changes.name === undefined ? undefined : checkPrizeName(changes.name);
    const label = name ?? existing.name;
    const checked: Partial<PrizeInput> = {
      ...(name !== undefined && { name }),
      ...(changes.weight !== undefined && { weight: checkPrizeWeight(changes.weight, label) }),
      ...(changes.quantity !== undefined && { quantity: checkPrizeQuantity(changes.quantity, label) }),
    };
    try {
      const updated = await itemRepository.update(this.db, channelId, itemId, checked);
      if (!updated) throw notFound('prize_not_found', `There is no prize ${itemId} on this channel.`);
      return updated;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw conflict('prize_exists', `A prize named "${label}" already exists.`, { names: [label] });
      }
      throw error;
    }
  }

  async remove(channelId: number, itemId: number): Promise<void> {
    if (!(await itemRepository.remove(this.db, channelId, itemId))) {
      throw notFound('prize_not_found', `There is no prize ${itemId} on this channel.`);
    }
  }

  clear(channelId: number): Promise<number> {
    return itemRepository.clear(this.db, channelId);
  }
}
