// Generates the web app's API client from the API itself, without a running server: the OpenAPI document of the Nest
// app (Temporal and PostgreSQL connect lazily, so neither is needed), its TypeScript types (openapi-typescript), and
// the validation rules the document cannot state (which score or grade belongs to which scale, which fields belong to
// which call outcome), so the browser checks a survey exactly as the API does.
//   node dist/scripts/api-client.js [--out <dir>]    (default: web/src/api)
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp, openApiDocument } from '../src/app.js';
import { OUTCOME_FIELDS } from '../src/callbacks/dto/call-result.dto.js';
import { GRADES, SCORE_RANGES, SURVEY_SCALES } from '../src/callbacks/dto/survey-record.dto.js';
import { loadConfig } from '../src/config/config.js';
import { FOUR_GRADE_LABELS, SATISFACTION_GRADES, THREE_GRADE_LABELS } from '../workflows/domain/scoring.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const API_CLIENT_DIR = join(ROOT, 'web/src/api');
/** The files the generator writes; the committed ones must equal a fresh run (test/unit/api-client.test.ts). */
export const API_CLIENT_FILES = ['openapi.json', 'schema.d.ts', 'rules.json'] as const;

const gradeLabels = {
  grade: Object.fromEntries(Object.entries(SATISFACTION_GRADES).map(([grade, { label }]) => [grade, label])),
  four_grades: FOUR_GRADE_LABELS,
  three_grades: THREE_GRADE_LABELS,
};

export async function generateApiClient(out: string): Promise<void> {
  // The document does not depend on the settings: the defaults of a development start.
  const app = await createApp(loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'error' }));
  const document = openApiDocument(app);
  await app.close();
  await mkdir(out, { recursive: true });
  const json = join(out, 'openapi.json');
  await writeFile(json, `${JSON.stringify(document, null, 2)}\n`);
  const rules = { surveyScales: SURVEY_SCALES, scoreRanges: SCORE_RANGES, grades: GRADES, gradeLabels, outcomeFields: OUTCOME_FIELDS };
  await writeFile(join(out, 'rules.json'), `${JSON.stringify(rules, null, 2)}\n`);
  execFileSync(join(ROOT, 'web/node_modules/.bin/openapi-typescript'), [json, '--output', join(out, 'schema.d.ts')], { stdio: 'pipe' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: API_CLIENT_DIR } } });
  await generateApiClient(values.out);
  console.log(`API client written to ${values.out}: ${API_CLIENT_FILES.join(', ')}`);
}
