import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

/** Where recorded workflow histories live in the source tree; CI replays every file in it. */
export const HISTORIES_DIR = fileURLToPath(new URL('../../../test/replay/histories/', import.meta.url));

/**
 * With RECORD_HISTORIES=1, saves the workflow's history as test/replay/histories/<name>.json so that later
 * workflow code is proven to replay it. A recorded history is committed and never overwritten.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  const file = `${HISTORIES_DIR}${name}.json`;
  if (process.env.RECORD_HISTORIES !== '1' || existsSync(file)) return;
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(file, historyToJSON(history));
}

/**
 * Like recordHistory, for a workflow that continued as new: each run's history as `<name>-run<N>.json`, first run first,
 * found by following each run's start event back to the run it continued.
 */
export async function recordRuns(name: string, client: Client, workflowId: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const runs = await historiesOfRuns(client, workflowId);
  for (const [index, history] of runs.entries()) {
    const file = `${HISTORIES_DIR}${name}-run${index + 1}.json`;
    if (!existsSync(file)) await writeFile(file, historyToJSON(history));
  }
}

/** Every run's history of a workflow id, first run first. */
export async function historiesOfRuns(client: Client, workflowId: string) {
  const histories = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.unshift(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return histories;
}
