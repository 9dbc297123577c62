import { describe, expect, it } from 'vitest';
import cases from './call-result-cases.json';
import { validateBody } from './validation';

// The same cases go to the API's validation pipe in test/integration/web-validation.test.ts: together they show that
// the browser names exactly the fields the API's 400 answer names.
describe('the browser checks a call result as the API does', () => {
  for (const { name, body, fields } of cases) {
    it(name, () => {
      expect(validateBody('CallResultDto', body as Record<string, unknown>).map((p) => p.field).sort()).toEqual(fields);
    });
  }
});
