import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contract/codes.ts';
import { dashboardEn } from '../../src/web/pages/dashboard/messages/en.ts';
import { CODES_SHOWN_WITH_API_MESSAGE } from '../../src/web/pages/dashboard/messages/error-codes.ts';
import { dashboardPtBR } from '../../src/web/pages/dashboard/messages/pt-BR.ts';

const catalogues = { 'pt-BR': dashboardPtBR.client.errors, en: dashboardEn.client.errors };

describe("the dashboard's error texts", () => {
  it('map only codes the API sends, and leave none undecided', () => {
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
