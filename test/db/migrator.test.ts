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
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';

describe('migrator', () => {
  let database: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    scratch = await mkdtemp(path.join(tmpdir(), 'kinoyu-migrations-'));
  });
  afterAll(async () => {
    await database?.destroy();
    await rm(scratch, { recursive: true, force: true });
  });

  it('records every migration file on disk', async () => {
    const onDisk = (await readMigrationFiles()).map((file) => file.name);
    expect(onDisk.length).toBeGreaterThanOrEqual(2);
    expect(await appliedMigrations(database)).toEqual(onDisk);
  });

  it('is harmless to run twice: nothing applied, nothing changed', async () => {
    const before = await sql<{ count: number }>`select count(*)::int as count from information_schema.tables
      where table_schema = 'public'`.execute(database.db);
    expect(await migrate(database)).toEqual([]);
    expect(await migrate(database)).toEqual([]);
    const after = await sql<{ count: number }>`select count(*)::int as count from information_schema.tables
      where table_schema = 'public'`.execute(database.db);
    expect(after.rows[0]?.count).toBe(before.rows[0]?.count);
  });

  it('applies only the new file, in its own transaction', async () => {
    const dir = path.join(scratch, 'extra');
    await copyMigrationsTo(dir);
    await writeFile(
      path.join(dir, '9001_extra.sql'),
      'create table extra_table (id int);\ninsert into extra_table values (1);\n',
    );
    expect(await migrate(database, undefined, dir)).toEqual(['9001_extra.sql']);
    const rows = await sql<{ id: number }>`select id from extra_table`.execute(database.db);
    expect(rows.rows).toEqual([{ id: 1 }]);
    expect(await migrate(database, undefined, dir)).toEqual([]);
  });

  it('rolls a failing migration back entirely and does not record it', async () => {
    const dir = path.join(scratch, 'failing');
    await copyMigrationsTo(dir);
    await writeFile(
      path.join(dir, '9002_broken.sql'),
      'create table half_done (id int);\nselect no_such_function();\n',
    );
    await expect(migrate(database, undefined, dir)).rejects.toThrow(/9002_broken\.sql failed/);
    const table = await sql<{
      present: boolean;
    }>`select to_regclass('half_done') is not null as present`.execute(database.db);
    expect(table.rows[0]?.present).toBe(false);
    expect(await appliedMigrations(database)).not.toContain('9002_broken.sql');
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const dir = path.join(scratch, 'edited');
    await copyMigrationsTo(dir);
    const first = path.join(dir, '0001_schema.sql');
    await writeFile(first, `${await readFile(first, 'utf8')}\n-- edited\n`);
    await expect(migrate(database, undefined, dir)).rejects.toBeInstanceOf(MigrationError);
  });

  async function copyMigrationsTo(dir: string) {
    const { mkdir, cp } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
  }
});
