import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

/** Where recorded workflow histories live in the source tree; CI replays every file in it. */
export const HISTORIES_DIR = fileURLToPath(new URL('../../../test/replay/histories/', import.meta.url));

/**
 * With RECORD_HISTORIES=1, saves the workflow's history as test/replay/histories/<name>.json so that later
 * workflow code is proven to replay it. Recorded histories are committed and never re-recorded in place.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(`${HISTORIES_DIR}${name}.json`, historyToJSON(history));
}
