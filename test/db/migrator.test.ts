import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedMigrations,
  MIGRATIONS_DIR,
  MigrationError,
  migrate,
  readMigrationFiles,
} from '../../src/db/migrator.ts';
import { useWorld } from '../helpers/world.ts';

describe('migrator', () => {
  const world = useWorld();
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'kinoyu-migrations-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('records every migration file on disk', async () => {
    const onDisk = (await readMigrationFiles()).map((file) => file.name);
    expect(onDisk.length).toBeGreaterThanOrEqual(2);
    expect(await appliedMigrations(world.database)).toEqual(onDisk);
  });

  it('is harmless to run twice: nothing applied, nothing changed', async () => {
    const before = await sql<{ count: number }>`select count(*)::int as count from information_schema.tables
      where table_schema = 'public'`.execute(world.database.db);
    expect(await migrate(world.database)).toEqual([]);
    expect(await migrate(world.database)).toEqual([]);
    const after = await sql<{ count: number }>`select count(*)::int as count from information_schema.tables
      where table_schema = 'public'`.execute(world.database.db);
    expect(after.rows[0]?.count).toBe(before.rows[0]?.count);
  });

  it('applies only the new file, in its own transaction', async () => {
    const dir = path.join(scratch, 'extra');
    await copyMigrationsTo(dir);
    await writeFile(
      path.join(dir, '9001_extra.sql'),
      'create table extra_table (id int);\ninsert into extra_table values (1);\n',
    );
    expect(await migrate(world.database, undefined, dir)).toEqual(['9001_extra.sql']);
    const rows = await sql<{ id: number }>`select id from extra_table`.execute(world.database.db);
    expect(rows.rows).toEqual([{ id: 1 }]);
    expect(await migrate(world.database, undefined, dir)).toEqual([]);
  });

  it('rolls a failing migration back entirely and does not record it', async () => {
    const dir = path.join(scratch, 'failing');
    await copyMigrationsTo(dir);
    await writeFile(
      path.join(dir, '9002_broken.sql'),
      'create table half_done (id int);\nselect no_such_function();\n',
    );
    await expect(migrate(world.database, undefined, dir)).rejects.toThrow(/9002_broken\.sql failed/);
    const table = await sql<{
      present: boolean;
    }>`select to_regclass('half_done') is not null as present`.execute(world.database.db);
    expect(table.rows[0]?.present).toBe(false);
    expect(await appliedMigrations(world.database)).not.toContain('9002_broken.sql');
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const dir = path.join(scratch, 'edited');
    await copyMigrationsTo(dir);
    const first = path.join(dir, '0001_schema.sql');
    await writeFile(first, `${await readFile(first, 'utf8')}\n-- edited\n`);
    await expect(migrate(world.database, undefined, dir)).rejects.toBeInstanceOf(MigrationError);
  });

  async function copyMigrationsTo(dir: string) {
    const { mkdir, cp } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  }
});
