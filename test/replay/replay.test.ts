import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { workflowSpanSinks } from '../../src/telemetry/tracing.js';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { testDataConverter } from '../support/encryption.js';
import { HISTORIES_DIR } from '../support/histories.js';

// Workflows live over a year across many deploys: today's code must replay every recorded history, with the
// worker's codec: histories recorded before payloads were encrypted pass through it unchanged.
describe('recorded workflow histories replay on the current workflow code', async () => {
  const files = (await readdir(HISTORIES_DIR)).filter((file) => file.endsWith('.json')).sort();

  it('has recorded histories to replay', () => {
    assert.ok(files.length > 0, `no histories in ${HISTORIES_DIR}`);
  });

  // Tracing is turned on and off by restarting the worker: each history must replay with and without its interceptors.
  for (const traced of [false, true]) {
    for (const file of files) {
      it(`${file}${traced ? ', with the tracing interceptors' : ''}`, async () => {
        const history = JSON.parse(await readFile(`${HISTORIES_DIR}${file}`, 'utf8'));
        const bundle = traced ? { workflowBundle: workflowBundle(true), sinks: workflowSpanSinks() } : { workflowBundle: workflowBundle() };
        await Worker.runReplayHistory({ ...bundle, dataConverter: testDataConverter }, history, file);
      });
    }
  }
});
