import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './tables.ts';

/**
 * What a repository method runs its SQL on: the database, or a transaction the caller opened. The caller
 * decides the transaction; the repository never opens one behind its back.
 */
export type Executor = Kysely<Tables> | Transaction<Tables>;
