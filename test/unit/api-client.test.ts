import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { API_CLIENT_DIR, API_CLIENT_FILES, generateApiClient } from '../../scripts/api-client.js';

describe('the web app API client', () => {
  it('is generated from the API as it is now (regenerate with npm run api:client)', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'aftercare-api-client-'));
    try {
      await generateApiClient(fresh);
      for (const file of API_CLIENT_FILES) {
        const [committed, generated] = await Promise.all([
          readFile(join(API_CLIENT_DIR, file), 'utf8').catch(() => ''),
          readFile(join(fresh, file), 'utf8'),
        ]);
        assert.ok(
          committed === generated,
          `web/src/api/${file} is stale: the API changed since it was generated; run npm run build && npm run api:client and commit the result`,
        );
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
