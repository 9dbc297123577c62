import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/temporal/workflow-bundle.js';
import { CONTINUE_AS_NEW_PER_CYCLE, SERIALIZED_CASE_ACTIONS } from '../../workflows/feedback-case.js';
import {
  CONTINUE_AS_NEW_BETWEEN_CALLBACKS,
  OPEN_CALLBACKS_IN_ONE_TASK,
  RECORD_CALLS_IN_ONE_TASK,
  REGISTER_IN_ONE_TASK,
  SERIALIZED_MESSAGES,
} from '../../workflows/sale-follow-up.js';
import { testDataConverter } from '../support/encryption.js';
import { HISTORIES_DIR } from '../support/histories.js';

/** Every patch id the workflows use, by workflow type (docs/workflow-versioning.md says when each may go). */
const PATCHES: Record<string, string[]> = {
  SaleFollowUp: [OPEN_CALLBACKS_IN_ONE_TASK, RECORD_CALLS_IN_ONE_TASK, REGISTER_IN_ONE_TASK, SERIALIZED_MESSAGES, CONTINUE_AS_NEW_BETWEEN_CALLBACKS],
  FeedbackCase: [SERIALIZED_CASE_ACTIONS, CONTINUE_AS_NEW_PER_CYCLE],
};

interface Recorded {
  file: string;
  type: string;
  history: unknown;
  /** Patch ids with the index of the workflow task that first recorded each (1: the first task). */
  markers: Map<string, number>;
}

async function recordedHistories(): Promise<Recorded[]> {
  const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const history = JSON.parse(await readFile(`${HISTORIES_DIR}${file}`, 'utf8')) as { events: Record<string, any>[] };
      const markers = new Map<string, number>();
      let tasks = 0;
      for (const event of history.events) {
        if (event.workflowTaskCompletedEventAttributes) tasks += 1;
        const marker = event.markerRecordedEventAttributes;
        if (marker?.markerName !== 'core_patch') continue;
        // Core writes its patch markers itself, unencrypted: {"id": "<patch id>", "deprecated": false}.
        const { id } = JSON.parse(Buffer.from(marker.details['patch-data'].payloads[0].data, 'base64').toString()) as { id: string };
        if (!markers.has(id)) markers.set(id, tasks);
      }
      return { file, type: history.events[0]!.workflowExecutionStartedEventAttributes.workflowType.name as string, history, markers };
    }),
  );
}

const replay = (recorded: Recorded) => Worker.runReplayHistory({ workflowBundle: workflowBundle(), dataConverter: testDataConverter }, recorded.history, recorded.file);

// Each patch keeps its old branch until no workflow that ran without it can be replayed any more: until then a
// history recorded before the patch, and one started before it and carried on by today's code, must replay.
describe('every patch id: workflows started before it still replay', async () => {
  const histories = await recordedHistories();

  for (const [type, patches] of Object.entries(PATCHES)) {
    for (const patch of patches) {
      it(`${type} ${patch}: a history from before it and one with it replay on today's code`, async () => {
        const ofType = histories.filter((h) => h.type === type);
        const before = ofType.find((h) => h.markers.size === 0) ?? ofType.find((h) => !h.markers.has(patch));
        const withIt = ofType.find((h) => h.markers.has(patch));
        assert.ok(before, `no recorded ${type} history from before ${patch}`);
        assert.ok(withIt, `no recorded ${type} history that ran ${patch}`);
        await replay(before);
        await replay(withIt);
      });
    }
  }

  it('replays workflows started by the code before serialized messages and continue-as-new, and carried on by today\'s', async () => {
    const acrossDeploy = histories.filter((h) => h.file.includes('across-deploy') && h.file.endsWith('-run1.json'));
    assert.deepEqual(acrossDeploy.map((h) => h.type).sort(), ['FeedbackCase', 'SaleFollowUp']);
    for (const recorded of acrossDeploy) {
      const newPatches = recorded.type === 'SaleFollowUp' ? [SERIALIZED_MESSAGES, CONTINUE_AS_NEW_BETWEEN_CALLBACKS] : [SERIALIZED_CASE_ACTIONS, CONTINUE_AS_NEW_PER_CYCLE];
      for (const patch of newPatches) {
        // Recorded later than the workflow's first task: the run began on the earlier code.
        assert.ok((recorded.markers.get(patch) ?? 0) > 1, `${recorded.file}: ${patch} was not recorded after the run began`);
      }
      await replay(recorded);
    }
  });
});
