import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrator.ts';
import { adminUrl, templateDatabaseName, withDatabase } from './postgres-admin.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a dump of a migrated PGlite database, or '' when tests run on PostgreSQL. */
    pgliteTemplate: string;
    /** Name of this run's migrated PostgreSQL template database, or '' on PGlite. */
    postgresTemplate: string;
  }
}

/**
 * Migrates one database for the whole run, so each test file starts from a copy instead of paying
 * initdb and migrations again: a PGlite dump (about 1 s to load instead of 5-16 s), or,
 * with TEST_DATABASE_URL, a PostgreSQL template database (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  if (project.vitest.projects.every((each) => each.name === 'unit')) {
    // The unit tests open no database.
    project.provide('pgliteTemplate', '');
    project.provide('postgresTemplate', '');
    return;
  }
  // The bundle the process tests start (scripts/launch.mjs, as npm start): built once here rather than
  // by the first processes of several test files at once.
  await promisify(execFile)(process.execPath, ['scripts/launch.mjs', '--build-only'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
  });
  const postgres = process.env.TEST_DATABASE_URL;
  if (postgres) {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: adminUrl(postgres) });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(`TEST_DATABASE_URL is set but PostgreSQL does not answer: ${(error as Error).message}`);
    }
    const templateName = templateDatabaseName(process.pid);
    await admin.query(`drop database if exists ${templateName}`);
    await admin.query(`create database ${templateName}`);
    await admin.end();
    const template = await openDatabase({ databaseUrl: withDatabase(postgres, templateName) });
    await migrate(template);
    await template.close();
    project.provide('pgliteTemplate', '');
    project.provide('postgresTemplate', templateName);
    return async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl(postgres) });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${templateName} with (force)`);
      await cleanup.end();
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await migrate(database);
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  const dir = await mkdtemp(path.join(tmpdir(), 'kinoyu-test-'));
  const file = path.join(dir, 'template.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
