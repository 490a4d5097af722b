import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contract/codes.ts';
import { dashboardEn } from '../../src/web/messages/dashboard-en.ts';
import { CODES_SHOWN_WITH_API_MESSAGE } from '../../src/web/messages/dashboard-error-codes.ts';
import { dashboardPtBR } from '../../src/web/messages/dashboard-pt-BR.ts';
import { asService, buildTestApp } from '../helpers/app.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';

const catalogues = { 'pt-BR': dashboardPtBR.client.errors, en: dashboardEn.client.errors };

describe('the dashboard names the errors its prize actions receive', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase();
    ({ app } = await buildTestApp(database));
  });
  afterAll(async () => {
    await app.close();
    await database?.destroy();
  });

  it('has its own sentence, in pt-BR and en, for a prize that already exists', async () => {
    const add = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/channels/painel/items',
        headers: asService,
        payload: { name: 'caneca', weight: 10 },
      });
    expect((await add()).statusCode).toBe(201);
    const refused = await add();
    expect(refused.statusCode).toBe(409);
    const { code } = refused.json() as { code: string };
    for (const [language, errors] of Object.entries(catalogues)) {
      expect(errors[code], `${language} ${code}`).toBeTruthy();
    }
  });

  it('maps only codes the API sends, and leaves none undecided', () => {
    const known = new Set<string>(ERROR_CODES);
    for (const [language, errors] of Object.entries(catalogues)) {
      const mapped = Object.keys(errors);
      expect(
        mapped.filter((code) => !known.has(code)),
        language,
      ).toEqual([]);
      const decided = new Set([...mapped, ...CODES_SHOWN_WITH_API_MESSAGE]);
      expect(
        ERROR_CODES.filter((code) => !decided.has(code)),
        language,
      ).toEqual([]);
    }
  });
});
