import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ROOT } from '../../scripts/api-client.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { AGENT, bearer } from '../support/tokens.js';

interface Case {
  name: string;
  body: Record<string, unknown>;
  fields: string[];
}

// The browser's checks of a call result (web/src/api/validation.ts) run on the same cases in web/src/api/validation.test.ts.
const cases = JSON.parse(await readFile(`${ROOT}web/src/api/call-result-cases.json`, 'utf8')) as Case[];

describe('the API refuses a call result on exactly the fields the web app names', () => {
  let app: NestExpressApplication;
  let base: string;
  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
  });
  after(async () => {
    await app?.close();
  });

  for (const { name, body, fields } of cases) {
    it(name, async () => {
      const res = await fetch(`${base}/callbacks/S-2026-0001-C1/results`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(AGENT) },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { fields?: { field: string }[] };
      if (fields.length === 0) {
        // Valid: past validation, the result goes to Temporal, which this API cannot reach.
        assert.equal(res.status, 503, JSON.stringify(answer));
      } else {
        assert.equal(res.status, 400);
        assert.deepEqual((answer.fields ?? []).map((f) => f.field).sort(), fields);
      }
    });
  }
});
