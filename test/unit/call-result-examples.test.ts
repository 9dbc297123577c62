import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CallResultDto, callResultExamples } from '../../src/callbacks/dto/call-result.dto.js';
import { CALL_OUTCOMES } from '../../workflows/call-results.js';
import { problemsOf } from '../support/validation.js';

describe('the examples of POST /callbacks/:callbackId/results', () => {
  const examples = callResultExamples();

  it('give one example per outcome, each of its own outcome', () => {
    assert.deepEqual(Object.keys(examples).sort(), [...CALL_OUTCOMES].sort());
    for (const [outcome, { value, summary }] of Object.entries(examples)) {
      assert.equal(value.outcome, outcome);
      assert.ok(summary.length > 0);
    }
  });

  it('each pass the validation the API runs on the body', async () => {
    for (const [outcome, { value }] of Object.entries(examples)) assert.deepEqual(await problemsOf(CallResultDto, value), {}, outcome);
  });

  it("give the busy customer a time the workflow accepts: ahead, and within its 90 days", () => {
    const ahead = Date.parse(examples.busy.value.callBackAt as string) - Date.now();
    assert.ok(ahead > 0 && ahead <= 90 * 86_400_000, String(examples.busy.value.callBackAt));
  });

  it("include the README's survey, which the API accepts as it is written there", async () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const body = /curl -X POST http:\/\/127\.0\.0\.1:3000\/callbacks\/S-2026-0001-C1\/results[\s\S]*?-d '([^']+)'/.exec(readme)?.[1];
    assert.ok(body, 'the README has a survey example');
    const survey = JSON.parse(body) as { outcome: string };
    assert.equal(survey.outcome, 'survey_done');
    assert.deepEqual(await problemsOf(CallResultDto, survey), {});
  });

  it('would be refused if they mixed the outcomes\' fields, as the old single example did', async () => {
    const mixed = { ...examples.busy.value, ...examples.wrong_person.value, outcome: 'busy' };
    assert.deepEqual(Object.keys(await problemsOf(CallResultDto, mixed)), ['actualUser']);
  });
});
