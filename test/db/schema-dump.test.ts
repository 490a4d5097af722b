import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { dumpSchema, SCHEMA_FILE } from '../../scripts/schema-dump.ts';
import { useWorld } from '../helpers/world.ts';

// db/schema.sql is the schema the migrations produce; a migration that changes it comes with the file.
describe('db/schema.sql', () => {
  const world = useWorld();

  it('is what the migrations give (after a migration change: npm run schema:dump)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    const applied = await dumpSchema(world.database);
    expect(applied, 'db/schema.sql differs from the migrated schema: run `npm run schema:dump`').toBe(
      committed,
    );
  });
});
